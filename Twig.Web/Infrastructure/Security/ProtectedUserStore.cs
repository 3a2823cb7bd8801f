using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// Identity's EF user store, except that the two-factor secrets it keeps in <c>AspNetUserTokens</c> (the authenticator key
/// and the recovery codes) are encrypted with Data Protection, whose keys live in the database and are certificate-encrypted
/// in Production: a copy of the table alone no longer lets anyone make codes or redeem recovery codes. Everything Identity
/// does with them (key lookup, code checks, recovery code counting and redemption) reads and writes through
/// <see cref="GetTokenAsync"/> and <see cref="SetTokenAsync"/>, so those two are the whole change.
/// </summary>
public sealed class ProtectedUserStore(TwigDb context, IDataProtectionProvider protection, IdentityErrorDescriber describer)
    : UserStore<TwigUser, IdentityRole, TwigDb>(context, describer)
{
    // UserStoreBase's own (private) names for the rows it keeps for itself.
    public const string InternalLoginProvider = "[AspNetUserStore]";
    public const string AuthenticatorKeyName = "AuthenticatorKey";
    public const string RecoveryCodesName = "RecoveryCodes";

    /// <summary>Marks an encrypted value; a key (Base32) or the recovery codes (letters, digits, '-' and ';') never hold ':'.</summary>
    public const string Prefix = "dp1:";

    private readonly IDataProtector _protector = protection.CreateProtector("Twig.Identity.TwoFactorSecrets.v1");

    public override Task SetTokenAsync(TwigUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
        => base.SetTokenAsync(user, loginProvider, name, IsSecret(loginProvider, name) && value is not null ? Protect(value) : value,
            cancellationToken);

    public override async Task<string?> GetTokenAsync(TwigUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var stored = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        if (stored is null || !IsSecret(loginProvider, name)) return stored;
        if (stored.StartsWith(Prefix, StringComparison.Ordinal)) return _protector.Unprotect(stored[Prefix.Length..]);
        // Written before this store existed: still valid, and encrypted now rather than at the next key or code change.
        await base.SetTokenAsync(user, loginProvider, name, Protect(stored), cancellationToken);
        await SaveChanges(cancellationToken);
        return stored;
    }

    private string Protect(string value) => Prefix + _protector.Protect(value);

    private static bool IsSecret(string loginProvider, string name) =>
        loginProvider == InternalLoginProvider && name is AuthenticatorKeyName or RecoveryCodesName;
}
