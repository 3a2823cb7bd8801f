using Coravel.Invocable;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Infrastructure.Messaging;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.CleverSync.Connections;

/// <summary>
/// Asks Clever which districts have connected Twig. A district seen for the first time waits for approval;
/// a rotated token replaces the stored one; a connected district whose token has gone is disconnected
/// (no more syncs, nobody deactivated); a lost or re-checked connection that Clever lists again is connected again, unless
/// its district's data was deleted.
/// </summary>
public static class DiscoverConnections
{
    public sealed record Command : ICommand<Result>, IOwnsTransaction;

    public sealed record Result(int Found, int New, int Rotated, int Disconnected)
    {
        /// <summary>"Clever lists 2 connected districts: 1 new, 1 token renewed, 0 disconnected."</summary>
        public string Summary() =>
            $"Clever lists {Counted.Of(Found, "connected district")}: {New} new, {Counted.Of(Rotated, "token")} renewed, " +
            $"{Disconnected} disconnected.";
    }

    public sealed class CommandHandler(TwigDb db, CleverTokenClient tokens, CleverApiClient clever, CleverTokenProtector protector,
        TimeProvider clock,
        IPublisher publisher)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            // Clever first, outside any transaction: nothing is held open while the network is slow.
            var listed = await tokens.ListDistrictTokensAsync(token);
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = await db.CleverConnections.AsNoTracking().Select(c => c.CleverDistrictId).ToListAsync(token);
            foreach (var district in listed.Where(d => !seen.Contains(d.CleverDistrictId, StringComparer.Ordinal)))
                names[district.CleverDistrictId] = await NameAsync(district, token);

            // Another discovery (a second instance, the schedule, an operator) may record the same new district in the
            // same instant: the idiom then runs the attempt once more, and it finds that row instead of inserting it.
            return await db.InTransactionAsync(ct => RecordAsync(listed, names, ct), verifySucceeded: null, token);
        }

        /// <summary>
        /// One attempt, on what is committed: a new district is added once, a token rotates, a vanished one disconnects.
        /// Running it twice changes nothing the first run did not (so a lost commit acknowledgement needs no check).
        /// </summary>
        private async Task<Result> RecordAsync(IReadOnlyList<CleverTokenClient.DistrictToken> listed, Dictionary<string, string> names,
            CancellationToken token)
        {
            var known = await db.CleverConnections.ToDictionaryAsync(c => c.CleverDistrictId, StringComparer.Ordinal, token);
            // A deleted district's connection keeps no token and never connects again, however long Clever still lists it.
            var deleted = await db.Districts.Where(d => d.DeletedAt != null).Select(d => d.Id).ToListAsync(token);
            var now = clock.GetUtcNow().UtcDateTime;
            int added = 0, rotated = 0, disconnected = 0;
            foreach (var district in listed)
            {
                if (!known.TryGetValue(district.CleverDistrictId, out var connection))
                {
                    // Clever's name is shortened to the column, as every Clever value is: one long name must not keep every new
                    // district of this discovery out.
                    var name = ColumnLimits.Clip(names.GetValueOrDefault(district.CleverDistrictId, district.CleverDistrictId),
                        ColumnLimits.Of<CleverConnection>(nameof(CleverConnection.CleverDistrictName)));
                    db.CleverConnections.Add(new CleverConnection
                    {
                        CleverDistrictId = district.CleverDistrictId,
                        CleverDistrictName = name,
                        State = CleverConnectionState.PendingApproval,
                        ProtectedToken = protector.Protect(district.AccessToken),
                        FirstSeenAt = now,
                        LastSeenAt = now,
                    });
                    await publisher.Publish(new ConnectionAwaitingApproval(district.CleverDistrictId, name), token);
                    added++;
                    continue;
                }
                if (connection.DistrictId is { } districtOf && deleted.Contains(districtOf)) continue;
                connection.LastSeenAt = now;
                var newToken = connection.ProtectedToken is null || protector.Unprotect(connection.ProtectedToken) != district.AccessToken;
                if (newToken)
                {
                    connection.ProtectedToken = protector.Protect(district.AccessToken);
                    rotated++;
                }
                // Listed again (same token or a new one): an approved connection that was lost or being re-checked is connected.
                if (connection.State is CleverConnectionState.Disconnected or CleverConnectionState.Rechecking
                    && connection.DistrictId is not null)
                {
                    connection.State = CleverConnectionState.Connected;
                    connection.LastCheckedAt = now;
                    connection.StateReason = newToken
                        ? "Clever issued a new token; the connection works again."
                        : "Clever lists the district's connection again; syncs and sign-in work again.";
                }
            }
            var listedIds = listed.Select(d => d.CleverDistrictId).ToHashSet(StringComparer.Ordinal);
            foreach (var connection in known.Values.Where(c =>
                c.State is CleverConnectionState.Connected or CleverConnectionState.Rechecking && !listedIds.Contains(c.CleverDistrictId)))
            {
                connection.State = CleverConnectionState.Disconnected;
                connection.StateReason =
                    "Clever no longer lists a token for this district: the district disconnected Twig or Clever revoked it.";
                if (connection.DistrictId is { } districtId)
                    await publisher.Publish(new ConnectionLost(districtId, connection.StateReason, connection.LastSeenAt), token);
                disconnected++;
            }
            return new Result(listed.Count, added, rotated, disconnected);
        }

        private async Task<string> NameAsync(CleverTokenClient.DistrictToken district, CancellationToken token)
        {
            try
            {
                return (await clever.DistrictAsync(district.AccessToken, district.CleverDistrictId, token))?.Name
                    ?? district.CleverDistrictId;
            }
            catch (CleverFetchException)
            {
                return district.CleverDistrictId;
            }
        }
    }

    public sealed class Invocable(IMediator mediator) : IInvocable
    {
        public async Task Invoke() => await mediator.Send(new Command());
    }
}
