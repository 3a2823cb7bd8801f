using System.Globalization;

namespace Twig.Web.Domain;

/// <summary>How sync states read to people.</summary>
public static class SyncWords
{
    public static string Describe(this SyncRunStatus status) => status switch
    {
        SyncRunStatus.Queued => "Queued",
        SyncRunStatus.Running => "Running",
        SyncRunStatus.Succeeded => "Succeeded",
        SyncRunStatus.SucceededWithWarnings => "Succeeded with warnings",
        SyncRunStatus.HeldForReview => "Held for review",
        SyncRunStatus.BlockedByLicense => "Blocked by licence",
        SyncRunStatus.Failed => "Failed",
        SyncRunStatus.Discarded => "Discarded",
        SyncRunStatus.Approved => "Approved after review",
        SyncRunStatus.Interrupted => "Interrupted",
        SyncRunStatus.Skipped => "Skipped",
        _ => status.ToString(),
    };

    public static string BadgeClass(this SyncRunStatus status) => status switch
    {
        SyncRunStatus.Succeeded => "text-bg-success",
        SyncRunStatus.SucceededWithWarnings => "text-bg-info",
        SyncRunStatus.Queued or SyncRunStatus.Running => "text-bg-primary",
        SyncRunStatus.HeldForReview or SyncRunStatus.BlockedByLicense or SyncRunStatus.Skipped => "text-bg-warning",
        SyncRunStatus.Failed or SyncRunStatus.Interrupted => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    public static string Describe(this SyncTrigger trigger) => trigger switch
    {
        SyncTrigger.OnDemand => "Sync now",
        _ => trigger.ToString(),
    };

    public static string Describe(this SyncPhase phase) => phase switch
    {
        SyncPhase.Queued => "Waiting to start",
        SyncPhase.FetchingSchools => "Fetching schools from Clever",
        SyncPhase.FetchingPeople => "Fetching people from Clever",
        SyncPhase.FetchingSections => "Fetching sections from Clever",
        SyncPhase.Planning => "Comparing with Twig",
        SyncPhase.Applying => "Applying changes",
        _ => "Finished",
    };

    public static string Describe(this RosterEntityType type) => type switch
    {
        RosterEntityType.Person => "People",
        RosterEntityType.School => "Schools",
        RosterEntityType.Section => "Sections",
        _ => "Enrollments",
    };

    /// <summary>
    /// Whether a run's counts happened. Held, blocked and discarded runs record what they planned; those
    /// numbers read "would …" so nobody mistakes a plan for a change.
    /// </summary>
    public static bool Applied(this SyncRunStatus status) => status.IsSuccess();

    /// <summary>How a held run's message ends while it waits; a decision takes its place.</summary>
    public const string AwaitingApproval = "Nothing is applied until someone approves it.";

    /// <summary>A held run's message once someone decided: what held it, then the decision (no longer "until someone approves").</summary>
    public static string Decided(string? heldMessage, string decision)
    {
        var held = heldMessage ?? "";
        if (held.EndsWith(AwaitingApproval, StringComparison.Ordinal)) held = held[..^AwaitingApproval.Length].TrimEnd();
        return $"{held} {decision}".TrimStart();
    }

    /// <summary>
    /// What the owner does after a failed or interrupted run while Sync now can run: the failed-run banner and the connection
    /// panel say it alike.
    /// </summary>
    public static string RetryAfterFailure(int runId) =>
        $"Press Sync now to try again — a failed run does not start the waiting time between syncs. If it fails again, contact " +
        $"Twig support and quote run #{runId}.";

    /// <summary>A count of people as a table cell reads it: "637" when applied, "would 465" when only planned.</summary>
    public static string CountText(this SyncRunStatus status, int count) =>
        status.Applied() || count == 0
            ? count.ToString("N0", CultureInfo.GetCultureInfo("en-US"))
            : "would " + count.ToString("N0", CultureInfo.GetCultureInfo("en-US"));

    /// <summary>A run's length in words a person reads at a glance: "&lt; 1 s", "42 s", "3 min 5 s", "1 h 12 min".</summary>
    public static string DurationText(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 1 } => "< 1 s",
        { TotalMinutes: < 1 } => $"{(int)duration.TotalSeconds} s",
        { TotalHours: < 1 } => duration.Seconds == 0 ? $"{duration.Minutes} min" : $"{duration.Minutes} min {duration.Seconds} s",
        _ => $"{(int)duration.TotalHours} h {duration.Minutes} min",
    };

    /// <summary>Where a run is among its steps, for "step k of n" and a bar that moves across the whole run.</summary>
    public const int Steps = 5;

    public static int Step(this SyncPhase phase) => phase switch
    {
        SyncPhase.FetchingSchools => 1,
        SyncPhase.FetchingPeople => 2,
        SyncPhase.FetchingSections => 3,
        SyncPhase.Planning => 4,
        SyncPhase.Applying or SyncPhase.Done => 5,
        _ => 0,
    };

    /// <summary>What the phase's count is counting: "1,204 people fetched", "3,000 of 5,120 changes applied".</summary>
    public static string CountText(this SyncPhase phase, int done, int total)
    {
        var us = CultureInfo.GetCultureInfo("en-US");
        var (unit, verb) = phase switch
        {
            SyncPhase.FetchingSchools => ("schools", "fetched"),
            SyncPhase.FetchingPeople => ("people", "fetched"),
            SyncPhase.FetchingSections => ("sections", "fetched"),
            SyncPhase.Applying => ("changes", "applied"),
            _ => ("", ""),
        };
        if (unit.Length == 0 || (done == 0 && total == 0)) return "";
        return total > 0 ? $"{done.ToString("N0", us)} of {total.ToString("N0", us)} {unit} {verb}"
            : $"{done.ToString("N0", us)} {unit} {verb}";
    }

    /// <summary>"12 minutes ago" (see <see cref="Infrastructure.Web.Times.DisplayTime"/>, where every time's words are made).</summary>
    public static string Ago(TimeSpan elapsed) => Infrastructure.Web.Times.DisplayTime.Ago(elapsed);

    /// <summary>"in 3 minutes".</summary>
    public static string In(TimeSpan remaining) => Infrastructure.Web.Times.DisplayTime.In(remaining);
}
