using Twig.Web.Domain;

namespace Twig.Web.Features.Notifications;

/// <summary>What each kind is called, and which kinds a person may turn off (failures, holds and disconnections always go out).</summary>
public static class NotificationKinds
{
    public static readonly NotificationKind[] Mutable =
    [
        NotificationKind.InitialSyncCompleted, NotificationKind.NearLicenceLimit, NotificationKind.NoRecentSync,
        NotificationKind.SupportDigest,
    ];

    public static bool CanMute(NotificationKind kind) => Mutable.Contains(kind);

    public static string Describe(NotificationKind kind) => kind switch
    {
        NotificationKind.InitialSyncCompleted => "Initial sync completed",
        NotificationKind.SyncFailed => "Sync failed",
        NotificationKind.SyncHeld => "Sync held for review",
        NotificationKind.SyncBlockedByLicence => "Sync blocked by the licence",
        NotificationKind.Disconnected => "Clever connection lost",
        NotificationKind.NearLicenceLimit => "Licence nearly full (90 % or more)",
        NotificationKind.OverLicence => "Over the licence",
        NotificationKind.NoRecentSync => "No recent successful sync",
        NotificationKind.ConnectionAwaitingApproval => "New Clever connection awaiting approval",
        NotificationKind.SupportDigest => "Daily digest of districts needing attention",
        NotificationKind.DistrictDeletionScheduled => "District data scheduled for deletion",
        NotificationKind.DistrictDataDeleted => "District data deleted (certificate)",
        NotificationKind.DistrictDeletionCancelled => "Deletion of district data cancelled",
        _ => kind.ToString(),
    };

    public static string Describe(NotificationStatus status) => status switch
    {
        NotificationStatus.Pending => "pending",
        NotificationStatus.Sending => "sending",
        NotificationStatus.Sent => "sent",
        NotificationStatus.Failed => "failed",
        NotificationStatus.Muted => "in the app only (e-mail turned off)",
        _ => status.ToString(),
    };
}
