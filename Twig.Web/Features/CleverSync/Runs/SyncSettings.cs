namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>The <c>Sync</c> configuration section.</summary>
public sealed class SyncSettings
{
    public const string Section = "Sync";

    /// <summary>Local time of the nightly sync, "HH:mm".</summary>
    public string NightlyAt { get; set; } = "00:00";
    public string TimeZone { get; set; } = "America/Los_Angeles";
    /// <summary>Whether this instance runs queued syncs in the background (off in tests, which drive runs directly).</summary>
    public bool WorkerEnabled { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>A running run whose heartbeat is older than this belonged to a process that died.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan OnDemandCooldown { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>
    /// The school-year rollover window, "MM-dd" to "MM-dd" (UTC days): a held run that would deactivate most of a
    /// district's people inside it is explained as a rollover and offers to pause nightly syncs until its end.
    /// </summary>
    public string RolloverWindowStart { get; set; } = "06-01";
    public string RolloverWindowEnd { get; set; } = "09-15";

    /// <summary>When <paramref name="today"/> is inside the rollover window, the window's last day; otherwise null.</summary>
    public DateOnly? RolloverWindowEndFor(DateOnly today)
    {
        var start = MonthDay(RolloverWindowStart, nameof(RolloverWindowStart));
        var end = MonthDay(RolloverWindowEnd, nameof(RolloverWindowEnd));
        var key = (today.Month, today.Day);
        var inside = start.CompareTo(end) <= 0
            ? key.CompareTo(start) >= 0 && key.CompareTo(end) <= 0
            : key.CompareTo(start) >= 0 || key.CompareTo(end) <= 0; // a window across New Year
        if (!inside) return null;
        var last = new DateOnly(today.Year, end.Month, Math.Min(end.Day, DateTime.DaysInMonth(today.Year, end.Month)));
        return last < today ? last.AddYears(1) : last;
    }

    private static (int Month, int Day) MonthDay(string value, string name)
    {
        var parts = value.Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], out var m) && int.TryParse(parts[1], out var d) && m is >= 1 and <= 12
            && d is >= 1 and <= 31
            ? (m, d)
            : throw new Infrastructure.StartupConfigurationException($"Sync:{name} is '{value}'; it must be a month and day such as " +
                $"06-01.");
    }

    public (int Hour, int Minute) NightlyTime()
    {
        var parts = NightlyAt.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], out var h) && int.TryParse(parts[1], out var m) && h is >= 0 and < 24
            && m is >= 0 and < 60
            ? (h, m)
            : throw new Infrastructure.StartupConfigurationException($"Sync:NightlyAt is '{NightlyAt}'; it must be a time such as 00:00.");
    }

    public TimeZoneInfo Zone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone)
            ? zone
            : throw new Infrastructure.StartupConfigurationException($"Sync:TimeZone is '{TimeZone}', which this machine does not know.");

    /// <summary>The next nightly sync's UTC instant after <paramref name="nowUtc"/> (pages show it in the district's zone).</summary>
    public DateTime NextNightlyUtc(DateTime nowUtc)
    {
        var zone = Zone();
        var (hour, minute) = NightlyTime();
        var local = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone);
        var candidate = local.Date.AddHours(hour).AddMinutes(minute);
        if (candidate <= local) candidate = candidate.AddDays(1);
        if (zone.IsInvalidTime(candidate)) candidate = candidate.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(candidate, zone);
    }
}
