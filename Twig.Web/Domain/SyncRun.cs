using System.Linq.Expressions;

namespace Twig.Web.Domain;

/// <summary>
/// One sync of one district, from the moment it is asked for until its outcome. Runs are queued rows:
/// a worker claims one atomically, so two app instances never run the same district at once.
/// </summary>
public class SyncRun
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public District? District { get; set; }
    public SyncTrigger Trigger { get; set; }
    /// <summary>Who asked, in words ("owner@district.org", "nightly schedule"); never a student.</summary>
    public string RequestedBy { get; set; } = "";
    public DateTime RequestedAt { get; set; }
    public SyncRunStatus Status { get; set; } = SyncRunStatus.Queued;
    public SyncPhase Phase { get; set; } = SyncPhase.Queued;
    /// <summary>
    /// Records handled so far in the current phase, for live progress on other instances: the running instance reads its live
    /// board; the heartbeat copies the board's count here while a long apply holds the run.
    /// </summary>
    public int ProgressDone { get; set; }
    public int ProgressTotal { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>Which app instance holds the run while it is running.</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? HeartbeatAt { get; set; }
    /// <summary>The outcome in words: why it failed, was held or was blocked.</summary>
    public string? Message { get; set; }
    /// <summary>Why the licence check blocked the run (set only on a blocked run): it chooses the owner's advice.</summary>
    public LicenceBlockReason? LicenceBlockReason { get; set; }
    /// <summary>The run this one retries or replaces, when there is one.</summary>
    public int? PreviousRunId { get; set; }
    /// <summary>A queued run is not started before this moment (a retry waits 30 minutes).</summary>
    public DateTime? NotBefore { get; set; }
    /// <summary>Set when a person approved a held run: the deactivations that run listed may now be applied.</summary>
    public int? ApprovedHeldRunId { get; set; }
    /// <summary>Who approved or discarded a held run, and when.</summary>
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    /// <summary>How the run read Clever: every page (full) or the events since the last one applied.</summary>
    public SyncMode Mode { get; set; } = SyncMode.Full;
    /// <summary>
    /// Why a district in events mode ran a full sync instead (events not enabled, expired id, fetch failure, weekly reconciliation).
    /// </summary>
    public string? ModeReason { get; set; }

    public List<SyncRunCount> Counts { get; set; } = [];
    public List<SyncIssue> Issues { get; set; } = [];

    public bool IsFinished => !Status.IsActive();

    /// <summary>
    /// A run that applied its changes (with or without warnings), as an EF query reads it; the same rule as
    /// <see cref="SyncRunStatusRules.IsSuccess"/>.
    /// </summary>
    public static readonly Expression<Func<SyncRun, bool>> Succeeded =
        r => r.Status == SyncRunStatus.Succeeded || r.Status == SyncRunStatus.SucceededWithWarnings;

    /// <summary>
    /// A run still to finish (queued or running), as an EF query reads it; the same rule as <see cref="SyncRunStatusRules.IsActive"/>.
    /// </summary>
    public static readonly Expression<Func<SyncRun, bool>> Active =
        r => r.Status == SyncRunStatus.Queued || r.Status == SyncRunStatus.Running;
}

/// <summary>
/// The two run-status rules every page, job and e-mail uses: a run succeeded when it applied its changes; it is active until it
/// ends. The expressions on <see cref="SyncRun"/> state the same rules for queries (a test holds the pairs together).
/// </summary>
public static class SyncRunStatusRules
{
    public static bool IsSuccess(this SyncRunStatus status) => status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings;

    public static bool IsActive(this SyncRunStatus status) => status is SyncRunStatus.Queued or SyncRunStatus.Running;
}

/// <summary>Someone a held run would deactivate, listed for the person who approves or discards it.</summary>
public class HeldDeactivation
{
    public long Id { get; set; }
    public int SyncRunId { get; set; }
    public RosterEntityType EntityType { get; set; }
    public string ExternalId { get; set; } = "";
    public string DisplayName { get; set; } = "";
}

public enum SyncMode
{
    Full = 0,
    Events = 1,
}

public enum SyncTrigger
{
    Initial = 1,
    Nightly = 2,
    OnDemand = 3,
    Retry = 4,
}

public enum SyncRunStatus
{
    Queued = 1,
    Running = 2,
    Succeeded = 3,
    SucceededWithWarnings = 4,
    HeldForReview = 5,
    BlockedByLicense = 6,
    Failed = 7,
    Discarded = 8,
    Interrupted = 9,
    /// <summary>A scheduled run that did not start, with the reason (e.g. an expired subscription).</summary>
    Skipped = 10,
    /// <summary>A held run someone approved; a follow-up run applied (or re-planned) it.</summary>
    Approved = 11,
}

public enum SyncPhase
{
    Queued = 0,
    FetchingSchools = 1,
    FetchingPeople = 2,
    FetchingSections = 3,
    Planning = 4,
    Applying = 5,
    Done = 6,
}

public enum RosterEntityType
{
    School = 1,
    Person = 2,
    Section = 3,
    Enrollment = 4,
}

/// <summary>What one run did to one entity type.</summary>
public class SyncRunCount
{
    public int Id { get; set; }
    public int SyncRunId { get; set; }
    public RosterEntityType EntityType { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Deactivated { get; set; }
    public int Reactivated { get; set; }
    public int Unchanged { get; set; }
    public int Skipped { get; set; }
}

/// <summary>A warning or error recorded on a run. Never a secret or a password.</summary>
public class SyncIssue
{
    /// <summary>The <see cref="Field"/> of a "reconciliation drift" warning: a full sync found what events mode had missed.</summary>
    public const string ReconciliationDriftField = "reconciliation drift";

    public int Id { get; set; }
    public int SyncRunId { get; set; }
    public IssueSeverity Severity { get; set; }
    public RosterEntityType? EntityType { get; set; }
    public string? ExternalId { get; set; }
    public string? Field { get; set; }
    public string Message { get; set; } = "";
}

public enum IssueSeverity
{
    Warning = 1,
    Error = 2,
}
