using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>
/// A support admin changed a district's subscription. <paramref name="Seats"/> is the new number of licensed student seats,
/// carried because the change is not saved yet when listeners run.
/// </summary>
public sealed record LicensedSeatsChanged(int DistrictId, int Seats) : INotification;
