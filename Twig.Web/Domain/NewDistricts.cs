namespace Twig.Web.Domain;

/// <summary>
/// How a district is opened — an active subscription for the seats it bought — and what its slug may be: the one rule support's
/// "New district" (page and command line) and a Clever approval that creates the district both follow.
/// </summary>
public static class NewDistricts
{
    public const int NameLength = 200;
    public const int SlugLength = 64;
    public const int MaxSeats = 10_000_000;
    /// <summary>What a seats field says when it holds no whole number from 0 to <see cref="MaxSeats"/> ("7.5", "-5"): on support's
    /// "New district", in a Clever approval that opens a district and on the subscription page alike.</summary>
    public static readonly string SeatsRule =
        string.Create(CultureInfo.GetCultureInfo("en-US"), $"Seats must be a whole number from 0 to {MaxSeats:N0}.");
    public const string SlugPattern = "^[a-z0-9][a-z0-9-]*$";
    public const string SlugRule = "The slug may hold only lower-case letters, digits and hyphens, starting with a letter or digit.";

    public static string SlugTaken(string? slug) => $"A district with the slug '{slug}' already exists.";

    /// <summary>
    /// Words Twig's own sign-in pages use after /login/ (/login/reset, /login/district, /login/google/district…): a district with
    /// one of them as its slug could never reach its sign-in page at /login/{slug}.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedSlugs =
        new HashSet<string>(["district", "external", "google", "refused", "reset", "two-factor"], StringComparer.Ordinal);

    public static string SlugReserved(string? slug) =>
        $"The slug '{slug}' cannot be used: Twig's sign-in pages use /login/{slug} themselves. Choose another slug.";

    /// <param name="source">The roster source support chose; null leaves it to be inferred (Clever when connected, else Twig CSV).</param>
    public static District Open(string name, string slug, int seats, RosterSource? source, DateTime now) => new()
    {
        Name = name.Trim(),
        Slug = District.NormalizeSlug(slug),
        CreatedAt = now,
        RosterSource = source,
        Subscription = new Subscription
        {
            Status = SubscriptionStatus.Active,
            LicensedStudentSeats = seats,
            StartsOn = DateOnly.FromDateTime(now),
        },
    };

    /// <summary>The audit line of a new district (<c>district.created</c>).</summary>
    public static string AuditText(District district, int seats) =>
        $"Name '{district.Name}', slug '{district.Slug}', {seats} seats"
        + (district.RosterSource is { } source ? $", rostered from {source.Describe()}" : "");
}
