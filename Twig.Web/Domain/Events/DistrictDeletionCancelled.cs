using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>A scheduled deletion of a district's data was called off before it began; nothing was deleted.</summary>
public sealed record DistrictDeletionCancelled(int DeletionId, int DistrictId, DateTime DueAt) : INotification;
