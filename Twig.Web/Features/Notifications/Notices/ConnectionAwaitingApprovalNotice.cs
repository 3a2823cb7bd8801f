using Mediator;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>A district connected Twig in Clever for the first time: support admins (only) are asked to approve it.</summary>
public sealed class ConnectionAwaitingApprovalNotice(Outbox outbox, AppLinks links) : INotificationHandler<ConnectionAwaitingApproval>
{
    public async ValueTask Handle(ConnectionAwaitingApproval waiting, CancellationToken token) => await outbox.GuardAsync(async () =>
    {
        var name = waiting.CleverDistrictName;
        await outbox.AddAsync(NotificationKind.ConnectionAwaitingApproval, null, $"connection:{waiting.CleverDistrictId}:awaiting-approval",
            await outbox.StaffAsync([TwigRoles.SupportAdmin], token),
            new NotificationMessage($"Twig: {name} connected in Clever and awaits approval",
                $"The Clever district \"{name}\" connected Twig. Link it to a Twig district and approve it (or reject it).",
                [$"Clever district id: {waiting.CleverDistrictId}"], "Review Clever connections", links.Connections), token);
    });
}
