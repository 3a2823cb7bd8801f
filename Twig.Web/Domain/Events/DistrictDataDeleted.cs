using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>A district's data was deleted: the facts of its deletion certificate.</summary>
public sealed record DistrictDataDeleted : INotification
{
    public required int DeletionId { get; init; }
    public required int DistrictId { get; init; }
    /// <summary>Rows deleted per table ("People", "Sections", ...).</summary>
    public required IReadOnlyDictionary<string, int> RowsDeleted { get; init; }
    public required DateTime CompletedAt { get; init; }
    public required string CompletedBy { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTime RequestedAt { get; init; }
    /// <summary>Hex SHA-256 of the export made before the deletion, if one was made.</summary>
    public string? ExportSha256 { get; init; }
}
