using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.History;

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

    public static string Describe(this DistrictConnectionState state) => state switch
    {
        DistrictConnectionState.Connected => "Connected",
        DistrictConnectionState.PendingApproval => "Waiting for Twig's approval",
        DistrictConnectionState.Disconnected => "Disconnected",
        DistrictConnectionState.Rechecking => "Connected, being re-checked",
        _ => "Not on Clever",
    };

    public static string Describe(this RosterEntityType type) => type switch
    {
        RosterEntityType.Person => "People",
        RosterEntityType.School => "Schools",
        RosterEntityType.Section => "Sections",
        _ => "Enrollments",
    };
}
