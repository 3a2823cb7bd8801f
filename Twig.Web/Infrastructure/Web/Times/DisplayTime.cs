using System.Globalization;

namespace Twig.Web.Infrastructure.Web.Times;

/// <summary>
/// How every instant Twig shows to a person reads: in a named time zone with its abbreviation ("Dec 5, 2026 4:12 PM PST"),
/// relative where that helps ("12 minutes ago", "in 3 minutes"), and the exact UTC instant for a tooltip. Pages use it through
/// <c>&lt;local-time&gt;</c> (<see cref="LocalTimeTagHelper"/>); messages built in handlers (the cooldown refusal) call it directly,
/// so a time reads the same wherever it appears.
/// </summary>
public static class DisplayTime
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    /// <summary>
    /// The zone for <paramref name="ianaId"/> in any case ("america/chicago"), or null when this machine does not know it as an
    /// IANA id. The zone's <see cref="TimeZoneInfo.Id"/> is the canonical spelling to store.
    /// </summary>
    public static TimeZoneInfo? FindZone(string? ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId) || ianaId.Length > 64) return null;
        var id = ianaId.Trim();
        // Linux looks ids up as file names, so case counts there; people type zones in any case.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && KnownIds.Value.TryGetValue(id, out var canonical))
            TimeZoneInfo.TryFindSystemTimeZoneById(canonical, out zone);
        // Linux also answers Windows names ("Pacific Standard Time"); Twig stores and compares IANA ids only.
        return zone is { HasIanaId: true } ? zone : null;
    }

    /// <summary>The machine's IANA ids, found in any case; <c>TryGetValue</c> gives the id as spelled.</summary>
    private static readonly Lazy<HashSet<string>> KnownIds = new(() =>
        TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).ToHashSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>The zone for <paramref name="ianaId"/>, falling back to Twig's default (Pacific) for an id this machine lacks.</summary>
    public static TimeZoneInfo ZoneOrDefault(string? ianaId) =>
        FindZone(ianaId) ?? FindZone(Domain.District.DefaultTimeZoneId) ?? TimeZoneInfo.Utc;

    /// <summary>"Dec 5, 2026 4:12 PM PST" (<paramref name="part"/> may ask for the date or the time only).</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone, TimePart part = TimePart.DateAndTime)
    {
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        return part switch
        {
            TimePart.Date => Day(DateOnly.FromDateTime(local)),
            TimePart.Time => local.ToString("h:mm tt", Us) + " " + Abbreviation(zone, utc),
            _ => local.ToString("MMM d, yyyy h:mm tt", Us) + " " + Abbreviation(zone, utc),
        };
    }

    /// <summary>A calendar day as people read it, "Dec 20, 2026" (a pause's end, which has no time of day).</summary>
    public static string Day(DateOnly date) => date.ToString("MMM d, yyyy", Us);

    /// <summary>The instant in UTC, to the second, for a tooltip: "2026-12-06 00:12:09 UTC".</summary>
    public static string Utc(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc)
        .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>The machine-readable form for <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc)
        .ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// "PST"/"PDT" and the other US zones' usual letters; elsewhere the offset ("UTC+05:30"), which nobody misreads.
    /// (.NET on Linux names zones in long words only, so the short forms people know are listed here.)
    /// </summary>
    public static string Abbreviation(TimeZoneInfo zone, DateTime utc)
    {
        var summer = zone.IsDaylightSavingTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        var letters = zone.Id switch
        {
            "America/Los_Angeles" or "US/Pacific" => summer ? "PDT" : "PST",
            "America/Denver" or "America/Boise" or "US/Mountain" => summer ? "MDT" : "MST",
            "America/Phoenix" or "US/Arizona" => "MST",
            "America/Chicago" or "America/Indiana/Knox" or "America/Menominee" or "US/Central" => summer ? "CDT" : "CST",
            "America/New_York" or "America/Detroit" or "America/Indiana/Indianapolis" or "America/Kentucky/Louisville" or "US/Eastern" =>
                summer ? "EDT" : "EST",
            "America/Anchorage" or "America/Juneau" or "US/Alaska" => summer ? "AKDT" : "AKST",
            "Pacific/Honolulu" or "US/Hawaii" => "HST",
            "America/Puerto_Rico" => "AST",
            "Etc/UTC" or "UTC" or "Etc/GMT" => "UTC",
            _ => null,
        };
        if (letters is not null) return letters;
        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return offset == TimeSpan.Zero ? "UTC"
            : "UTC" + (offset < TimeSpan.Zero ? "−" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A zone's name as a person reads it in a sentence: "America/Chicago (CST)".</summary>
    public static string Describe(TimeZoneInfo zone, DateTime nowUtc) => $"{zone.Id} ({Abbreviation(zone, nowUtc)})";

    /// <summary>"less than a minute ago", "1 minute ago", "12 minutes ago", "3 hours ago", "2 days ago".</summary>
    public static string Ago(TimeSpan elapsed) => elapsed.TotalMinutes < 1 ? "less than a minute ago" : Span(elapsed) + " ago";

    /// <summary>"in less than a minute", "in 3 minutes", "in 2 hours" (a part-minute counts as a whole one: never "in 0
    /// minutes").</summary>
    public static string In(TimeSpan remaining) => remaining.TotalMinutes < 1 ? "in less than a minute" : "in " +
        Span(remaining + TimeSpan.FromSeconds(59));

    /// <summary>From now to <paramref name="utc"/> in words, past or future.</summary>
    public static string Relative(DateTime utc, DateTime nowUtc) =>
        utc <= nowUtc ? Ago(nowUtc - DateTime.SpecifyKind(utc, DateTimeKind.Utc))
            : In(DateTime.SpecifyKind(utc, DateTimeKind.Utc) - nowUtc);

    // Whole units, singular or plural: never "1 minutes" or "0 minute(s)".
    private static string Span(TimeSpan span)
    {
        static string Unit(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
        return span switch
        {
            { TotalHours: < 1 } => Unit((int)span.TotalMinutes, "minute"),
            { TotalDays: < 1 } => Unit((int)span.TotalHours, "hour"),
            _ => Unit((int)span.TotalDays, "day"),
        };
    }
}

public enum TimePart
{
    DateAndTime,
    Date,
    Time,
}
