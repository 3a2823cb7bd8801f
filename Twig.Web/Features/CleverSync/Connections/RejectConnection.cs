using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.CleverSync.Connections;

/// <summary>A support admin declines a Clever connection (for example a district that has not bought Twig Science).</summary>
public static class RejectConnection
{
    public sealed record Command(int ConnectionId) : ICommand<bool>;

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, CurrentActor actor, TimeProvider clock) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command message, CancellationToken token)
        {
            var connection = await db.CleverConnections.SingleOrDefaultAsync(c => c.Id == message.ConnectionId, token);
            if (connection is null || connection.State != CleverConnectionState.PendingApproval) return false;
            connection.State = CleverConnectionState.Rejected;
            connection.DecidedAt = clock.GetUtcNow().UtcDateTime;
            connection.DecidedBy = actor.Name;
            audit.Record("connection.rejected", connection.DistrictId,
                $"Clever district {connection.CleverDistrictName} ({connection.CleverDistrictId})");
            return true;
        }
    }
}
