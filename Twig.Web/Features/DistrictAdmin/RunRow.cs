using Twig.Web.Domain;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>One line of a district's run table (the owner's dashboard, the support page): what ran, when, and what it did to people.</summary>
public sealed record RunRow
{
    public required int Id { get; init; }
    public required SyncTrigger Trigger { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTime RequestedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public required SyncRunStatus Status { get; init; }
    public string? Message { get; init; }
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Deactivated { get; init; }
    public int Reactivated { get; init; }
    public int Warnings { get; init; }

    public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : null;
}
