using Mediator;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>The demo's OneRoster district gets its people and classes from a generated package, through the same import as the
/// pages.</summary>
public sealed class DemoOneRosterPackage(IMediator mediator) : INotificationHandler<DemoOneRosterDistrictOpened>
{
    public async ValueTask Handle(DemoOneRosterDistrictOpened notification, CancellationToken token)
    {
        var package =
            Twig.Sandbox.OneRoster.OneRosterPackageGenerator.Generate(notification.Students, notification.IdPrefix, notification.Name);
        var result =
            await mediator.Send(new ImportOneRoster.Command(notification.DistrictId, notification.FileName, package, DryRun: false), token);
        if (result.Outcome != ImportOneRoster.Outcome.Applied)
            throw new InvalidOperationException($"The demo OneRoster package did not apply: {result.Message}");
    }
}
