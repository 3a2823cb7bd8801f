using Mediator;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>The district's Clever connection stopped working: the owner hears that syncs stopped and how to reconnect.</summary>
public sealed class ConnectionLostNotice(Outbox outbox, AppLinks links) : INotificationHandler<ConnectionLost>
{
    public async ValueTask Handle(ConnectionLost lost, CancellationToken token) => await outbox.GuardAsync(async () =>
    {
        var district = await outbox.DistrictNameAsync(lost.DistrictId, token);
        await outbox.AddAsync(NotificationKind.Disconnected, lost.DistrictId,
            $"disconnected:{lost.DistrictId}:{lost.LastListedAt:yyyyMMddHHmmssfffffff}",
            await outbox.OwnersAsync(lost.DistrictId, token),
            new NotificationMessage($"Twig: {district} is no longer connected to Clever",
                $"Twig can no longer read the roster of {district} from Clever, so syncs have stopped. Nobody was deactivated.",
                [lost.Reason, "Reconnect Twig in your Clever dashboard (or contact Twig support); "
                              + "syncs resume once Clever lists the connection again."],
                "Open your dashboard", links.OwnerDashboard), token);
    });
}
