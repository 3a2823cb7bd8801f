using Twig.Web.Domain;

namespace Twig.Web.Data;

/// <summary>
/// One line of a district's run table (the sync log, the owner's dashboard, the support page): what ran, when, and what it
/// did to people. Schools, sections and enrollments are on the run's own page.
/// </summary>
public sealed record SyncRunRow
{
    public required int Id { get; init; }
    public required SyncTrigger Trigger { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTime RequestedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public required SyncRunStatus Status { get; init; }
    public SyncPhase Phase { get; init; }
    public string? Message { get; init; }
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Deactivated { get; init; }
    public int Reactivated { get; init; }
    public int Warnings { get; init; }
    public SyncMode Mode { get; init; } = SyncMode.Full;
    public string? ModeReason { get; init; }
    /// <summary>The held run whose approval this run applies; its owner asked for it with "Approve", not "Sync now".</summary>
    public int? ApprovedHeldRunId { get; init; }

    /// <summary>What started the run, as the Trigger column says it.</summary>
    public string TriggerText => ApprovedHeldRunId is { } held ? $"Approval of #{held}" : Trigger.Describe();

    public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : null;
}

public static class SyncRunRows
{
    /// <summary>The one projection of runs to table lines, so every run table counts people the same way.</summary>
    public static IQueryable<SyncRunRow> AsRunRows(this IQueryable<SyncRun> runs) => runs.Select(r => new SyncRunRow
    {
        Id = r.Id, Trigger = r.Trigger, RequestedBy = r.RequestedBy, RequestedAt = r.RequestedAt, StartedAt = r.StartedAt,
        FinishedAt = r.FinishedAt, Status = r.Status, Phase = r.Phase, Message = r.Message,
        Created = r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Created),
        Updated = r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Updated),
        Deactivated = r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Deactivated),
        Reactivated = r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Reactivated),
        Warnings = r.Issues.Count, Mode = r.Mode, ModeReason = r.ModeReason, ApprovedHeldRunId = r.ApprovedHeldRunId,
    });
}
