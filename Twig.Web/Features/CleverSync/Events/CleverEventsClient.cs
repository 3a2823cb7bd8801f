using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Infrastructure.Clever;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>Why events cannot bring a district up to date, so a full sync has to.</summary>
public enum EventsUnavailable
{
    /// <summary>Clever answered 404 for /v3.0/events: events are not enabled for the app (or not shared with it).</summary>
    NotEnabled = 1,
    /// <summary>The stored event is older than Clever's 30-day window.</summary>
    Expired = 2,
    /// <summary>Clever no longer knows the stored event id.</summary>
    UnknownId = 3,
}

/// <summary>Events cannot be used for this district right now; the message is for people and holds no token.</summary>
public sealed class CleverEventsUnavailableException(EventsUnavailable reason, string message) : CleverFetchException(message)
{
    public EventsUnavailable Reason { get; } = reason;
}

/// <summary>
/// Reads Clever's Events API with a district token, through the same retry and rate-limit handlers as the Data API:
/// every page since a stored id (ascending ids, <c>next</c> links), the newest id before a full sync, and whether a
/// stored id is still usable (inside the 30-day window and known to Clever).
/// </summary>
public sealed class CleverEventsClient(HttpClient http, IOptions<CleverOptions> options, SelfUrl self, TimeProvider clock)
{
    /// <summary>Clever keeps events for 30 days.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>
    /// Every event after <paramref name="afterId"/> (all of them when null), oldest first, page by page. Each page is read
    /// whole and checked first (a page that breaks off is retried before any of its events is handed on); its events are
    /// then read from its bytes, in two halves at once, and handed on in order.
    /// As in the full fetch (<see cref="CleverPageWalk"/>), the next page is read ahead while this page's events are read
    /// and folded; a failure of the next page surfaces after this page's events were handed on.
    /// </summary>
    public async IAsyncEnumerable<CleverEventPayload> EventsAfterAsync(string token, string? afterId, Action<int>? onPage,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var count = 0;
        await foreach (var page in CleverPageWalk.ReadAheadAsync(FirstPage(afterId),
                           (next, buffer, c) => FillPageAsync(token, next, buffer, c), new CleverPageBuffers(), Looped, ct))
        {
            foreach (var e in await ParseAsync(page, ct))
            {
                if (e is null) continue;
                count++;
                yield return e;
            }
            onPage?.Invoke(count);
        }
    }

    /// <summary>The newest event id Clever holds for the district, or null when it holds none (Clever's recommended bootstrap).</summary>
    public async Task<string?> NewestEventIdAsync(string token, CancellationToken ct)
    {
        string? newest = null;
        await foreach (var page in PagesAsync(token, null, CleverEventsJson.Default.CleverPageCleverEventId, ct))
            foreach (var item in page.Data ?? [])
                if (item.Data?.Id is { } id) newest = id;
        return newest is null ? null : Bookmarkable(newest);
    }

    private static readonly int BookmarkLength = Data.ColumnLimits.Of<Domain.District>(nameof(Domain.District.CleverLastEventId));

    /// <summary>
    /// An event id as the bookmark keeps it. Clever's are 24-character ObjectIds; a longer one could not be stored with the
    /// roster it ends, so events cannot continue from it: the run falls back to a full sync and says why.
    /// </summary>
    public static string Bookmarkable(string eventId) => eventId.Length <= BookmarkLength ? eventId
        : throw new CleverFetchException($"Clever sent an event id of {eventId.Length:N0} characters; Twig keeps event ids of up to " +
            $"{BookmarkLength} characters, so events cannot continue from it.");

    /// <summary>
    /// Throws <see cref="CleverEventsUnavailableException"/> when events cannot continue from <paramref name="eventId"/>:
    /// its ObjectId timestamp is past the window, or Clever answers 404 for it. A 404 for the whole Events API says "not enabled".
    /// </summary>
    public async Task EnsureUsableAsync(string token, string eventId, CancellationToken ct)
    {
        if (CreatedAt(eventId) is { } created && clock.GetUtcNow() - created > Window)
            throw new CleverEventsUnavailableException(EventsUnavailable.Expired,
                $"The last event Twig applied ({created:yyyy-MM-dd}) is older than Clever's 30-day events window.");
        using var response = await SendAsync(token, $"/v3.0/events/{Uri.EscapeDataString(eventId)}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // Clever says "not enabled" for the whole API; tell that apart from a single event it no longer has.
            using var probe = await SendAsync(token, "/v3.0/events?limit=1", ct);
            if (probe.StatusCode == HttpStatusCode.NotFound) throw NotEnabled();
            Check(probe, "events");
            throw new CleverEventsUnavailableException(EventsUnavailable.UnknownId,
                "Clever no longer knows the last event Twig applied (it is past the 30-day window or was removed).");
        }
        Check(response, "events");
    }

    /// <summary>When an event was created, from its ObjectId (the first 8 hex digits are Unix seconds); null for another shape.</summary>
    public static DateTimeOffset? CreatedAt(string eventId) =>
        eventId.Length == 24 && uint.TryParse(eventId.AsSpan(0, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture,
            out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private async IAsyncEnumerable<CleverPage<T>> PagesAsync<T>(string token, string? afterId, JsonTypeInfo<CleverPage<T>> typeInfo,
        [EnumeratorCancellation] CancellationToken ct)
    {
        string? next = FirstPage(afterId);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (next is not null)
        {
            if (!visited.Add(next)) throw Looped();
            var page = await GetPageAsync(token, next, typeInfo, ct);
            yield return page;
            next = page.Links?.FirstOrDefault(l => l.Rel == "next")?.Uri;
        }
    }

    private Task<CleverPage<T>> GetPageAsync<T>(string token, string pathAndQuery, JsonTypeInfo<CleverPage<T>> typeInfo,
        CancellationToken ct) =>
        ReadAsync(token, pathAndQuery, async (body, _, c) =>
            await JsonSerializer.DeserializeAsync(body, typeInfo, c) ?? throw new JsonException("The page was empty."), ct);

    private Task FillPageAsync(string token, string pathAndQuery, CleverPageBuffer page, CancellationToken ct) =>
        ReadAsync(token, pathAndQuery, async (body, headers, c) =>
        {
            await page.FillAsync(body, headers.ContentLength, c);
            return true;
        }, ct);

    /// <summary>One GET of the Events API, its body handed to <paramref name="read"/>. HTTP failures are retried by the resilience
    /// pipeline; a body that breaks off mid-way arrives as a 200 and is retried here.</summary>
    private async Task<T> ReadAsync<T>(string token, string pathAndQuery, Func<Stream, HttpContentHeaders, CancellationToken, Task<T>> read,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await SendAsync(token, pathAndQuery, ct);
            if (response.StatusCode == HttpStatusCode.NotFound) throw NotEnabled();
            Check(response, "events");
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                return await read(body, response.Content.Headers, ct);
            }
            catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException && !ct.IsCancellationRequested)
            {
                if (attempt > options.Value.MaxRetries)
                    throw new CleverFetchException("Clever sent an incomplete or unreadable page of events.", ex);
                await Task.Delay(options.Value.RetryBaseDelay * attempt, ct);
            }
        }
    }

    private string FirstPage(string? afterId) => $"/v3.0/events?limit={options.Value.PageSize}" +
        (afterId is null ? "" : "&starting_after=" + Uri.EscapeDataString(afterId));

    private static CleverFetchException Looped() =>
        new("Clever's paging of events came back to a page it had already sent; stopped rather than loop.");

    /// <summary>
    /// A page's events, in order, read in two halves at once: reading them is most of what a night of events costs Twig (a
    /// 1 % night's 25,000 events are 43 MB), and the two cores are otherwise idle while the next page is read ahead.
    /// </summary>
    private static async Task<CleverEventPayload?[]> ParseAsync(CleverPageBuffer page, CancellationToken ct)
    {
        var events = new CleverEventPayload?[page.Count];
        var half = page.Count / 2;
        var second = Task.Run(() => Parse(page, half, page.Count, events), ct);
        try
        {
            Parse(page, 0, half, events);
        }
        catch (Exception)
        {
            // The page's buffer is not handed back while the other half still reads it; that half's own failure, if any, is
            // looked at here and the first half's is the one reported.
            await Task.WhenAny(second);
            _ = second.Exception;
            throw;
        }
        await second;
        return events;
    }

    private static void Parse(CleverPageBuffer page, int from, int to, CleverEventPayload?[] into)
    {
        for (var i = from; i < to; i++) into[i] = Event(page, i);
    }

    private static CleverEventPayload? Event(CleverPageBuffer page, int i)
    {
        try
        {
            return CleverEventPayloadConverter.Read(page.Record(i));
        }
        catch (JsonException ex)
        {
            // The page is valid JSON (checked when it was read), so only an event of another shape lands here.
            throw new CleverFetchException("Clever sent an incomplete or unreadable page of events.", ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string token, string pathAndQuery, CancellationToken ct)
    {
        // Next links are appended to the API base: the district's token never leaves the API host.
        using var request =
            new HttpRequestMessage(HttpMethod.Get, CleverLinks.OnHost(self.Resolve(options.Value.ApiBaseUrl), pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private static void Check(HttpResponseMessage response, string what)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new CleverUnauthorizedException();
        if (!response.IsSuccessStatusCode) throw new CleverFetchException(CleverApiClient.Refused((int)response.StatusCode, what));
    }

    private static CleverEventsUnavailableException NotEnabled() => new(EventsUnavailable.NotEnabled,
        "Clever answered 404 for its Events API: events are not enabled for Twig in Clever's dashboard (Settings > Integrations > Enable " +
            "events).");
}
