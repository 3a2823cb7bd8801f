using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.CleverSync.Connections;

/// <summary>
/// Asks Clever's token listing whether a district's connection still stands. A single 401 is not proof that a
/// district left: Clever may still list the same token (a passing refusal), list a new one (rotated), or no
/// longer list the district (disconnected). Only the last ends syncs and sign-in. Run after a 401 during a
/// sync, and by a support admin ("Re-check with Clever" on the console, <c>reconnect &lt;slug&gt;</c>).
/// </summary>
public static class CheckConnection
{
    /// <param name="AfterUnauthorized">Clever has just answered 401 to a sync of this district.</param>
    /// <param name="Audited">A person asked for the check (support console, command line), so it goes in the audit log.</param>
    public sealed record Command(int DistrictId, bool AfterUnauthorized = false, bool Audited = false) : ICommand<Result>, IOwnsTransaction;

    public enum Outcome
    {
        /// <summary>The district has no approved Clever connection to check.</summary>
        NothingToCheck,
        /// <summary>Clever still lists the district with the token Twig holds: it stays connected.</summary>
        StillListed,
        /// <summary>Clever lists the district with a different token: Twig stores it and uses it.</summary>
        NewToken,
        /// <summary>Clever no longer lists the district: disconnected, no syncs, no Clever sign-in.</summary>
        NotListed,
        /// <summary>Clever's token listing could not be read: the connection is re-checked at the next discovery or sync.</summary>
        Unreachable,
    }

    public sealed record Result(Outcome Outcome, CleverConnectionState? State, string Message)
    {
        public bool Connected => State is CleverConnectionState.Connected or CleverConnectionState.Rechecking;
    }

    public sealed class CommandHandler(TwigDb db, CleverTokenClient tokens, CleverTokenProtector protector, IPublisher publisher,
        AuditTrail audit,
        TimeProvider clock, ILogger<CommandHandler> logger) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            if (!await Checkable(message).AnyAsync(token)) return NothingToCheck;

            // Clever first, outside any transaction.
            IReadOnlyList<CleverTokenClient.DistrictToken>? listed = null;
            string? unreachable = null;
            try
            {
                listed = await tokens.ListDistrictTokensAsync(token);
            }
            catch (CleverFetchException ex)
            {
                logger.LogWarning("Could not read Clever's token listing to check district {DistrictId}: {Reason}", message.DistrictId,
                    ex.Message);
                unreachable = ex.Message;
            }
            // Decided on what is committed: a discovery on another instance may decide the same connection at the same moment,
            // and the owner hears of a loss once (the loser's notice collides with the winner's and its attempt runs again).
            return await db.InTransactionAsync(ct => DecideAsync(message, listed, unreachable, ct), verifySucceeded: null, token);
        }

        private async Task<Result> DecideAsync(Command message, IReadOnlyList<CleverTokenClient.DistrictToken>? listed,
            string? unreachable, CancellationToken token)
        {
            // Asked again on what is committed: the district may have been deleted while Clever answered.
            if (await Checkable(message).SingleOrDefaultAsync(token) is not { } connection) return NothingToCheck;
            var now = clock.GetUtcNow().UtcDateTime;
            var was = connection.State;
            connection.LastCheckedAt = now;
            if (message.AfterUnauthorized) connection.LastUnauthorizedAt = now;
            // No time in the words: the pages show when (LastUnauthorizedAt, LastCheckedAt) in the reader's zone.
            var refusal = message.AfterUnauthorized ? "Clever refused the district's token (401) during a sync. " : "";

            if (listed is null)
            {
                if (was == CleverConnectionState.Connected && message.AfterUnauthorized)
                    connection.State = CleverConnectionState.Rechecking;
                var text = refusal + "Twig could not reach Clever's token listing to check the connection " +
                           $"({unreachable}); it asks again within 15 minutes and at the next sync. Sign-in with Clever keeps " +
                           $"working meanwhile.";
                if (connection.State == CleverConnectionState.Rechecking) connection.StateReason = Trim(text);
                return Decided(message, connection, Outcome.Unreachable, text);
            }

            var entry =
                listed.FirstOrDefault(d => string.Equals(d.CleverDistrictId, connection.CleverDistrictId, StringComparison.Ordinal));
            if (entry is null)
            {
                connection.State = CleverConnectionState.Disconnected;
                connection.StateReason = Trim(refusal +
                    "Clever no longer lists a token for this district: the district disconnected Twig or Clever revoked it. " +
                    // After a 401 the failed run adds "Nothing was applied and nobody was deactivated." (said once).
                    (message.AfterUnauthorized ? "Syncs and Clever sign-in have stopped."
                        : "Syncs and Clever sign-in have stopped; nobody was deactivated."));
                if (was != CleverConnectionState.Disconnected)
                    await publisher.Publish(new ConnectionLost(message.DistrictId, connection.StateReason, connection.LastSeenAt), token);
                return Decided(message, connection, Outcome.NotListed, connection.StateReason);
            }

            connection.LastSeenAt = now;
            connection.State = CleverConnectionState.Connected;
            if (connection.ProtectedToken is null || protector.Unprotect(connection.ProtectedToken) != entry.AccessToken)
            {
                connection.ProtectedToken = protector.Protect(entry.AccessToken);
                connection.StateReason =
                    Trim(refusal + "Clever issued a new token for the district; Twig uses it from now on.");
                return Decided(message, connection, Outcome.NewToken, connection.StateReason);
            }
            connection.StateReason = message.AfterUnauthorized
                ? Trim(refusal + "Clever still lists Twig's connection with the same token, so the district stays connected; " +
                       "the next sync (tonight's, or Sync now) tries again.")
                : was == CleverConnectionState.Connected ? connection.StateReason
                : "Clever lists the district's connection again.";
            return Decided(message, connection, Outcome.StillListed,
                message.AfterUnauthorized ? connection.StateReason!
                    : "Clever lists the district's connection with the token Twig holds; it is connected.");
        }

        /// <summary>
        /// An approved connection of a district whose data is kept: a deleted district's connection is closed for good (see
        /// DiscoverConnections), so there is nothing to check.
        /// </summary>
        private IQueryable<CleverConnection> Checkable(Command message) => db.CleverConnections.Where(c =>
            c.DistrictId == message.DistrictId && c.District!.DeletedAt == null
            && c.State != CleverConnectionState.PendingApproval && c.State != CleverConnectionState.Rejected);

        private static readonly Result NothingToCheck = new(Outcome.NothingToCheck, null,
            "The district has no approved Clever connection to check; a support admin approves new connections on the console.");

        private Result Decided(Command message, CleverConnection connection, Outcome outcome, string text)
        {
            if (message.Audited) audit.Record("connection.rechecked", message.DistrictId, Trim($"{outcome}: {text}"));
            return new Result(outcome, connection.State, text);
        }

        private static string Trim(string text) => text.Length <= 500 ? text : text[..497] + "...";
    }
}
