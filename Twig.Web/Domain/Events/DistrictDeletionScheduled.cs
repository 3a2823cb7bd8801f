using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>The deletion of a district's data was scheduled; it runs on or after <paramref name="DueAt"/> (UTC).</summary>
public sealed record DistrictDeletionScheduled(int DeletionId, int DistrictId, DateTime DueAt) : INotification;
