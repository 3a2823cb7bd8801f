using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Tests.LicenseCheck;

/// <summary>E-mail and username normalisation stated once: what is stored is what sign-in looks up.</summary>
public sealed class SignInNameTests
{
    [Theory]
    [InlineData("ana@example.org", "ana@example.org", "ANA@EXAMPLE.ORG")]
    [InlineData("  Ana.Lopez@Example.ORG \t", "Ana.Lopez@Example.ORG", "ANA.LOPEZ@EXAMPLE.ORG")]
    [InlineData("j.doe_42", "j.doe_42", "J.DOE_42")]
    [InlineData("istanbul", "istanbul", "ISTANBUL")] // invariant culture: no Turkish dotted capital I
    [InlineData("", null, null)]
    [InlineData("   ", null, null)]
    [InlineData(null, null, null)]
    public void A_value_is_stored_trimmed_and_keyed_upper_case(string? typed, string? stored, string? key)
    {
        Assert.Equal(stored, SignInName.Clean(typed));
        Assert.Equal(key, SignInName.StoredKey(typed));

        var person = new Person();
        person.SetEmail(typed);
        person.SetUsername(typed);
        Assert.Equal((stored, key, stored, key), (person.Email, person.NormalizedEmail, person.Username, person.NormalizedUsername));
    }

    [Theory]
    [InlineData("ana@example.org", "  ANA@example.org ")]
    [InlineData("J.Doe_42", "j.doe_42")]
    public void Sign_in_finds_what_was_stored_however_it_is_typed(string stored, string typed) =>
        Assert.Equal(SignInName.StoredKey(stored), SignInName.Key(typed));

    [Fact]
    public void A_blank_sign_in_name_matches_no_stored_key() => Assert.Equal("", SignInName.Key("   "));

    [Theory]
    [InlineData("owner@district.org")]
    [InlineData("Owner.Name@District.ORG")]
    [InlineData("e\u0301lise@district.org")] // decomposed é: Identity's form C step is kept
    public void Twig_accounts_keep_the_keys_identity_stored_and_share_the_rosters_rule(string email)
    {
        var normalizer = new SignInNameNormalizer();

        Assert.Equal(email.Normalize().ToUpperInvariant(), normalizer.NormalizeEmail(email));
        Assert.Equal(normalizer.NormalizeEmail(email), normalizer.NormalizeName($" {email} "));
        Assert.Equal(SignInName.Key(email.Normalize()), normalizer.NormalizeName(email));
    }
}
