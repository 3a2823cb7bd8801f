namespace Twig.Web.Domain;

public class District
{
    public const int DefaultDeactivationThresholdPercent = 10;
    /// <summary>Where Twig's districts mostly are, and the zone of the nightly sync; a district may choose another.</summary>
    public const string DefaultTimeZoneId = "America/Los_Angeles";

    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Short lower-case name used in URLs and on the command line (e.g. <c>demo</c>).</summary>
    public string Slug { get; set; } = "";
    public bool NightlySyncEnabled { get; set; } = true;
    /// <summary>Whether approving the Clever connection queues the initial sync straight away.</summary>
    public bool InitialSyncOnConnect { get; set; } = true;
    /// <summary>A sync or import that would deactivate more than this share of any active type is held for review.</summary>
    public int DeactivationThresholdPercent { get; set; } = DefaultDeactivationThresholdPercent;

    /// <summary>
    /// The threshold rule every roster source applies: taking away <paramref name="count"/> of <paramref name="activeNow"/> active
    /// records goes beyond <paramref name="thresholdPercent"/> (and so waits for a person's confirmation or review).
    /// </summary>
    public static bool ExceedsThreshold(int count, int activeNow, int thresholdPercent) =>
        count > 0 && count * 100L > (long)activeNow * thresholdPercent;
    public DateTime CreatedAt { get; set; }
    /// <summary>The IANA time zone (e.g. <c>America/Chicago</c>) in which the district's people read every time Twig shows.</summary>
    public string TimeZoneId { get; set; } = DefaultTimeZoneId;
    /// <summary>Google Workspace domains (comma-separated) whose accounts may sign in; empty allows any verified Google account.</summary>
    public string? GoogleDomains { get; set; }
    /// <summary>When the district's data was deleted at the end of its contract; such a district is never synced or signed into
    /// again.</summary>
    public DateTime? DeletedAt { get; set; }
    /// <summary>Nightly syncs are skipped before this day (e.g. over the summer, while the district rolls its SIS over); "Sync now" still
    /// works.</summary>
    public DateOnly? NightlyPausedUntil { get; set; }
    /// <summary>Why nightly syncs are paused, in the words of whoever paused them.</summary>
    public string? NightlyPauseReason { get; set; }
    public string? NightlyPausedBy { get; set; }
    public DateTime? NightlyPausedAt { get; set; }
    /// <summary>Nightly and on-demand syncs read Clever's Events API instead of every page (off until Clever confirms events are enabled
    /// for the app).</summary>
    public bool CleverEventsMode { get; set; }
    /// <summary>The last Clever event applied to this district's roster (or the newest one when the last full sync began); stored by the
    /// transaction that applies.</summary>
    public string? CleverLastEventId { get; set; }
    /// <summary>When <see cref="CleverLastEventId"/> was stored: with no event id at all, events after this moment are still in Clever's
    /// 30-day window.</summary>
    public DateTime? CleverEventsCursorAt { get; set; }

    /// <summary>Whether nightly syncs are paused on <paramref name="today"/> (they resume on the pause's last day).</summary>
    public bool NightlyPausedOn(DateOnly today) => NightlyPausedUntil is { } until && today < until;

    /// <summary>
    /// The one source the district is rostered from, chosen by support (null: chosen before Twig recorded it; see
    /// <see cref="RosterSources.Effective"/>). Imports from any other source are refused.
    /// </summary>
    public RosterSource? RosterSource { get; set; }
    /// <summary>
    /// The source the district is leaving: its people stay active until the new source's first import is applied, so the
    /// district is never left with nobody while it switches.
    /// </summary>
    public RosterSource? RetiringRosterSource { get; set; }

    public Subscription? Subscription { get; set; }
    public CleverConnection? CleverConnection { get; set; }

    public DistrictConnectionState ConnectionState => CleverConnection?.State switch
    {
        null or CleverConnectionState.Rejected => DistrictConnectionState.NotOnClever,
        CleverConnectionState.PendingApproval => DistrictConnectionState.PendingApproval,
        CleverConnectionState.Connected => DistrictConnectionState.Connected,
        CleverConnectionState.Rechecking => DistrictConnectionState.Rechecking,
        _ => DistrictConnectionState.Disconnected,
    };

    /// <summary>Syncs may run and Clever sign-in is open: connected, or connected while Twig re-checks the token with Clever.</summary>
    public bool IsConnected => ConnectionState is DistrictConnectionState.Connected or DistrictConnectionState.Rechecking;

    public static string NormalizeSlug(string slug) => slug.Trim().ToLowerInvariant();
}

public enum DistrictConnectionState
{
    NotOnClever,
    PendingApproval,
    Connected,
    Disconnected,
    /// <summary>Clever refused the token once and Twig could not yet ask Clever whether the connection still stands.</summary>
    Rechecking,
}
