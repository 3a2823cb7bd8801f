using Mediator;

namespace Twig.Web.Domain.Events;

/// <summary>
/// Development's demo data opened a district rostered from a OneRoster package (Cedar Valley); the OneRoster import answers by applying
/// a generated package to it, so the demo data needs no reference to that slice.
/// </summary>
public sealed record DemoOneRosterDistrictOpened(int DistrictId, string Name, int Students, string IdPrefix, string FileName)
    : INotification;
