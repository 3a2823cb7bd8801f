namespace Twig.Web.Domain;

/// <summary>
/// One notice to one person: an outbox row written in the same transaction as the event that caused it, then
/// e-mailed by the dispatcher, and listed in the app until read. Counts and links only, never a student's data.
/// </summary>
public class Notification
{
    public long Id { get; set; }
    public NotificationKind Kind { get; set; }
    public int? DistrictId { get; set; }
    public string RecipientUserId { get; set; } = "";
    public string RecipientEmail { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    /// <summary>The page in Twig the notice is about (absolute).</summary>
    public string Link { get; set; } = "";
    /// <summary>Unique: the same event for the same person is written once, and its e-mail carries it as Message-Id.</summary>
    public string IdempotencyKey { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public NotificationStatus Status { get; set; } = NotificationStatus.Pending;
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    /// <summary>Which dispatcher holds the row while it is sending, and since when.</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedAt { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>Why the last attempt failed, in words (never a password).</summary>
    public string? LastError { get; set; }
    public DateTime? ReadAt { get; set; }
}

public enum NotificationKind
{
    InitialSyncCompleted = 1,
    SyncFailed = 2,
    SyncHeld = 3,
    SyncBlockedByLicence = 4,
    Disconnected = 5,
    NearLicenceLimit = 6,
    OverLicence = 7,
    NoRecentSync = 8,
    ConnectionAwaitingApproval = 9,
    SupportDigest = 10,
    DistrictDeletionScheduled = 11,
    DistrictDataDeleted = 12,
    DistrictDeletionCancelled = 13,
}

public enum NotificationStatus
{
    Pending = 1,
    Sending = 2,
    Sent = 3,
    Failed = 4,
    /// <summary>In the app only: the recipient turned this kind of e-mail off.</summary>
    Muted = 5,
}

/// <summary>A kind of e-mail a person turned off (only non-critical kinds can be).</summary>
public class NotificationMute
{
    public string UserId { get; set; } = "";
    public NotificationKind Kind { get; set; }
}

/// <summary>The licence level a district was last told about, so "near limit" goes out once per crossing.</summary>
public class LicenceAlert
{
    public int DistrictId { get; set; }
    public LicenceAlertLevel Level { get; set; }
    /// <summary>How many times the district has crossed upwards; part of the idempotency key.</summary>
    public int Crossings { get; set; }
    public DateTime ChangedAt { get; set; }
}

public enum LicenceAlertLevel
{
    Ok = 0,
    NearLimit = 1,
    OverLicence = 2,
}
