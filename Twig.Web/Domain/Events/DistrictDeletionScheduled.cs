using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>
/// The deletion of a district's data was scheduled; it runs on or after <paramref name="DueAt"/> (UTC).
/// <paramref name="ContractEndedOn"/> is the subscription's last day when it had ended by then; null while it still runs,
/// so the owner is never told the deletion comes "at the end of the contract" when it does not.
/// </summary>
public sealed record DistrictDeletionScheduled(int DeletionId, int DistrictId, DateTime DueAt, DateOnly? ContractEndedOn = null)
    : INotification;
