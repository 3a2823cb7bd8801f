using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>
/// An upload (users.csv, classes.csv or a OneRoster package) was applied to the district's roster: the number of active
/// students may have changed.
/// </summary>
public sealed record ImportApplied(int DistrictId, int ImportId) : INotification;
