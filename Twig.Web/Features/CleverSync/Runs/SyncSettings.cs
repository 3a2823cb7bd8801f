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

    public (int Hour, int Minute) NightlyTime()
    {
        var parts = NightlyAt.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], out var h) && int.TryParse(parts[1], out var m) && h is >= 0 and < 24 && m is >= 0 and < 60
            ? (h, m)
            : throw new Infrastructure.StartupConfigurationException($"Sync:NightlyAt is '{NightlyAt}'; it must be a time such as 00:00.");
    }

    public TimeZoneInfo Zone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone)
            ? zone
            : throw new Infrastructure.StartupConfigurationException($"Sync:TimeZone is '{TimeZone}', which this machine does not know.");
}
