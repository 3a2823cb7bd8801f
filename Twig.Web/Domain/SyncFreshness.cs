using System.Globalization;

namespace Twig.Web.Domain;

/// <summary>
/// <c>Notifications:StaleAfter</c> (default 48 hours): a connected district with no successful sync for this long needs
/// attention. The one setting behind the owner's hourly notice, the support digest and the support console's badge, and
/// behind the words they use, so the check and its text cannot drift apart.
/// </summary>
public sealed class SyncFreshness
{
    public const string Section = "Notifications";

    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>The last success (or the approval of a district that never synced) is older than the setting.</summary>
    public bool IsStale(DateTime lastGoodAt, DateTime now) => now - lastGoodAt > StaleAfter;

    /// <summary>The setting in words, as notices and badges say it: "48 hours", "90 minutes".</summary>
    public string Span => StaleAfter.TotalHours % 1 == 0 && StaleAfter.TotalHours >= 1
        ? Count((int)StaleAfter.TotalHours, "hour")
        : Count((int)Math.Ceiling(StaleAfter.TotalMinutes), "minute");

    private static string Count(int value, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{value} {unit}{(value == 1 ? "" : "s")}");
}
