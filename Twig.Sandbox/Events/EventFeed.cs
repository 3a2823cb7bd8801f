using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Twig.Sandbox.CleverApi;

namespace Twig.Sandbox.Events;

/// <summary>
/// <c>GET /v3.0/events</c> and <c>GET /v3.0/events/{id}</c> (Clever's <c>v3.0-events.yml</c>): the standard list envelope,
/// ascending ids, <c>limit</c> (default 100, above 10000 → 413), <c>starting_after</c> / <c>ending_before</c> as range
/// cursors on ids, repeatable <c>record_type</c> and <c>school</c> filters, and only the last 30 days. An id past the
/// window is simply not served: the list pages on from it like any cursor, and the single GET answers 404.
/// </summary>
internal static class EventFeed
{
    private const string Collection = "events";

    public static async Task List(ApiRequest request, DateTimeOffset now)
    {
        var http = request.Http;
        if (await Disabled(request)) return;
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
        var after = request.StartingAfter;
        var before = request.EndingBefore;
        if (!string.IsNullOrEmpty(after) && !IsObjectId(after))
        {
            await ApiResponses.Message(http, StatusCodes.Status400BadRequest, "invalid starting_after");
            return;
        }
        if (!string.IsNullOrEmpty(before) && !IsObjectId(before))
        {
            await ApiResponses.Message(http, StatusCodes.Status400BadRequest, "invalid ending_before");
            return;
        }

        var faults = request.District.Faults;
        var page = string.IsNullOrEmpty(before) ? faults.PageFor(Collection, after) : 0;
        if (faults.TakeFailure(Collection, page) is { } status)
        {
            await ApiResponses.Message(http, status,
                status switch { 502 => "Bad Gateway", 503 => "Service Unavailable", _ => "Internal Server Error" });
            return;
        }

        var types = request.Query["record_type"].Where(t => !string.IsNullOrEmpty(t)).ToHashSet(StringComparer.Ordinal);
        var school = request.Query["school"].FirstOrDefault();
        var feed = request.District.Events.Live(now)
            .Where(e => types.Count == 0 || types.Contains(e.Collection))
            .Where(e => string.IsNullOrEmpty(school) || MentionsSchool(e.Object, school))
            .ToList();

        List<SandboxEvent> events;
        bool hasPrev, hasNext;
        if (!string.IsNullOrEmpty(before))
        {
            var earlier = feed.Where(e => string.CompareOrdinal(e.Id, before) < 0).ToList();
            events = earlier.TakeLast(limit).ToList();
            hasPrev = earlier.Count > limit;
            hasNext = true;
        }
        else
        {
            var later = string.IsNullOrEmpty(after) ? feed : feed.Where(e => string.CompareOrdinal(e.Id, after) > 0).ToList();
            events = later.Take(limit).ToList();
            hasNext = later.Count > limit;
            hasPrev = !string.IsNullOrEmpty(after) && feed.Count > later.Count;
        }

        // Clever's own events self link keeps a trailing "?" when there is no query (recorded traffic).
        var links = new List<(string Rel, string Uri)>
        {
            ("self", request.SelfUri.Contains('?', StringComparison.Ordinal) ? request.SelfUri : request.SelfUri + "?"),
        };
        if (hasPrev && events.Count > 0) links.Add(("prev", request.UriWithCursor("ending_before", events[0].Id)));
        if (hasNext && events.Count > 0)
        {
            links.Add(("next", request.UriWithCursor("starting_after", events[^1].Id)));
            if (page > 0) faults.RememberNext(Collection, events[^1].Id, page + 1);
        }

        // Each stored event is written as the bytes serialised when it was recorded (Clever serves stored documents too).
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body, WireJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data");
            foreach (var e in events)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("data");
                writer.WriteRawValue(Wire(e), skipInputValidation: true);
                writer.WriteString("uri", $"/{request.Version}/events/{e.Id}");
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WritePropertyName("links");
            Links(links).WriteTo(writer);
            writer.WriteEndObject();
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(body.WrittenMemory);
    }

    private static readonly ConditionalWeakTable<SandboxEvent, byte[]> Serialised = new();

    /// <summary>The event's envelope as UTF-8 JSON, serialised once (an event never changes after it is recorded).</summary>
    internal static byte[] Wire(SandboxEvent e) =>
        Serialised.GetValue(e, static ev => JsonSerializer.SerializeToUtf8Bytes(Envelope(ev), WireJson.Serializer));

    public static async Task Single(ApiRequest request, string id, DateTimeOffset now)
    {
        if (await Disabled(request)) return;
        var found = request.District.Events.Live(now).FirstOrDefault(e => e.Id == id);
        if (found is null)
        {
            await ApiResponses.Message(request.Http, StatusCodes.Status404NotFound, "Not Found");
            return;
        }
        await Write(request.Http, new JsonObject
        {
            ["data"] = Envelope(found),
            ["links"] = Links([("self", $"/{request.Version}/events/{id}")]),
        });
    }

    private static async Task<bool> Disabled(ApiRequest request)
    {
        if (!request.District.Faults.EventsDisabled) return false;
        await ApiResponses.Message(request.Http, StatusCodes.Status404NotFound, "Events are not enabled for this application");
        return true;
    }

    /// <summary>
    /// One event as Clever's recorded responses write it: <c>data.object</c>, plus <c>data.previous_attributes</c> on updates,
    /// and the keys in alphabetical order, so <c>data</c> comes before the <c>type</c> that says what it holds.
    /// </summary>
    private static JsonObject Envelope(SandboxEvent e)
    {
        var data = new JsonObject { ["object"] = e.Object.DeepClone() };
        if (e.PreviousAttributes is not null) data["previous_attributes"] = e.PreviousAttributes.DeepClone();
        return new JsonObject
        {
            ["created"] = e.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["data"] = data,
            ["id"] = e.Id,
            ["type"] = e.Type,
        };
    }

    private static JsonArray Links(IEnumerable<(string Rel, string Uri)> links) =>
        new(links.Select(l => (JsonNode)new JsonObject { ["rel"] = l.Rel, ["uri"] = l.Uri }).ToArray());

    private static bool MentionsSchool(JsonObject record, string school) =>
        record["id"]?.GetValue<string>() == school
        || record["school"]?.GetValue<string>() == school
        || (record["roles"] as JsonObject)
            ?.Any(role => (role.Value?["schools"] as JsonArray)?.Any(s => s?.GetValue<string>() == school) == true) == true;

    private static bool IsObjectId(string id) => id.Length == 24 && id.All(char.IsAsciiHexDigit);

    private static Task Write(HttpContext http, JsonObject body)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(body.ToJsonString(WireJson.Serializer));
    }
}
