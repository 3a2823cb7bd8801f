using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Twig.Sandbox.CleverApi;

/// <summary>
/// Clever's cursor paging: ascending ids, <c>limit</c> (default 100, above 10000 → 413),
/// <c>starting_after</c> / <c>ending_before</c>, and relative self/prev/next links that keep the
/// other query parameters. Only the page's own records (plus one look-ahead) are ever generated.
/// </summary>
internal static class Paging
{
    public static async Task WritePage(ApiRequest request, RecordSource source, string collection)
    {
        var http = request.Http;
        var limitValue = request.Query["limit"].FirstOrDefault();
        var limit = CleverApiHandler.DefaultLimit;
        if (!string.IsNullOrEmpty(limitValue) && (!int.TryParse(limitValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit)
            || limit < 1))
        {
            await ApiResponses.Message(http, StatusCodes.Status400BadRequest, "limit must be a positive integer");
            return;
        }
        if (limit > CleverApiHandler.MaxLimit)
        {
            await ApiResponses.Message(http, StatusCodes.Status413PayloadTooLarge,
                $"limit must be less than or equal to {CleverApiHandler.MaxLimit}");
            return;
        }

        var roster = request.Roster;
        long? after = null, before = null;
        if (!string.IsNullOrEmpty(request.StartingAfter))
        {
            after = roster.OrdinalOf(request.StartingAfter);
            if (after < 0) { await ApiResponses.Message(http, StatusCodes.Status400BadRequest, "invalid starting_after"); return; }
        }
        if (!string.IsNullOrEmpty(request.EndingBefore))
        {
            before = roster.OrdinalOf(request.EndingBefore);
            if (before < 0) { await ApiResponses.Message(http, StatusCodes.Status400BadRequest, "invalid ending_before"); return; }
        }

        var faults = request.Owner.IsSso ? null : request.District.Faults;
        var page = before is null && faults is not null ? faults.PageFor(collection, request.StartingAfter) : 0;
        if (faults?.TakeFailure(collection, page) is { } status)
        {
            await ApiResponses.Message(http, status, status switch
            {
                502 => "Bad Gateway",
                503 => "Service Unavailable",
                _ => "Internal Server Error",
            });
            return;
        }

        List<long> ordinals;
        bool hasPrev, hasNext;
        if (before is { } end)
        {
            ordinals = source.Before(end).Take(limit + 1).ToList();
            hasPrev = ordinals.Count > limit;
            if (hasPrev) ordinals.RemoveAt(limit);
            ordinals.Reverse();
            hasNext = ordinals.Count > 0 ? source.After(ordinals[^1]).Any() : source.After(end - 1).Any();
        }
        else
        {
            var start = after ?? -1;
            ordinals = source.After(start).Take(limit + 1).ToList();
            hasNext = ordinals.Count > limit;
            if (hasNext) ordinals.RemoveAt(limit);
            hasPrev = after is not null && (ordinals.Count > 0 ? source.Before(ordinals[0]).Any() : source.Before(start + 1).Any());
        }

        var links = new List<(string Rel, string Uri)> { ("self", request.SelfUri) };
        if (hasPrev && ordinals.Count > 0) links.Add(("prev", request.UriWithCursor("ending_before", roster.IdOf(ordinals[0]))));
        if (hasNext && ordinals.Count > 0)
        {
            var nextCursor = roster.IdOf(ordinals[^1]);
            if (faults is not null && faults.LoopsNext(collection))
            {
                links.Add(("next", request.SelfUri));
            }
            else
            {
                links.Add(("next", request.UriWithCursor("starting_after", nextCursor)));
                if (page > 0) faults?.RememberNext(collection, nextCursor, page + 1);
            }
        }

        var truncate = faults is not null && page > 0 && faults.Truncates(collection, page);
        await ApiResponses.WritePage(request, ordinals, links, truncate);
    }
}
