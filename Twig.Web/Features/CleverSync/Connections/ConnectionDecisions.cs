using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Connections;

/// <summary>
/// Support's approve and reject from a district's own page (<see cref="ConnectionDecision"/>): the same commands as the connections
/// page, with the district named by its id.
/// </summary>
public static class ConnectionDecisions
{
    public sealed class ApproveHandler(TwigDb db, IMediator mediator)
        : ICommandHandler<ConnectionDecision.Approve, ConnectionDecision.Approved>
    {
        public async ValueTask<ConnectionDecision.Approved> Handle(ConnectionDecision.Approve message, CancellationToken token)
        {
            var slug = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Slug).SingleAsync(token);
            var approved = await mediator.Send(new ApproveConnection.Command
            {
                // The district's page names the Twig district on the button ("Approve for …") beside the Clever name: pressing it
                // confirms the link.
                ConnectionId = message.ConnectionId, DistrictSlug = slug, RunInitialSync = message.RunInitialSync, ConfirmedSlug = slug,
            }, token);
            return new ConnectionDecision.Approved(approved.InitialRunId, approved.Note);
        }
    }

    public sealed class RejectHandler(IMediator mediator) : ICommandHandler<ConnectionDecision.Reject, bool>
    {
        public async ValueTask<bool> Handle(ConnectionDecision.Reject message, CancellationToken token) =>
            await mediator.Send(new RejectConnection.Command(message.ConnectionId), token);
    }
}
