using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Twig.Web.Infrastructure.Clever;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.CleverSync.Clever;

/// <summary>
/// Reads Clever's Data API with a district token. Lists are streamed a page at a time (the caller keeps
/// only what it needs from each record), following <c>next</c> links until there are none.
/// </summary>
public sealed class CleverApiClient(HttpClient http, IOptions<CleverOptions> options, SelfUrl self)
{
    public const string SchoolsPath = "/v3.0/schools";
    public const string SectionsPath = "/v3.0/sections";
    public static string UsersPath(string role) => $"/v3.0/users?role={Uri.EscapeDataString(role)}";

    public IAsyncEnumerable<CleverSchoolPayload> SchoolsAsync(string token, Action<int>? onPage, CancellationToken ct) =>
        ListAsync(token, SchoolsPath, CleverJson.Default.CleverSchoolPayload, onPage, ct);

    public IAsyncEnumerable<CleverUserPayload> UsersAsync(string token, string role, Action<int>? onPage, CancellationToken ct) =>
        ListAsync(token, UsersPath(role), CleverJson.Default.CleverUserPayload, onPage, ct);

    public IAsyncEnumerable<CleverSectionPayload> SectionsAsync(string token, Action<int>? onPage, CancellationToken ct) =>
        ListAsync(token, SectionsPath, CleverJson.Default.CleverSectionPayload, onPage, ct);

    public async Task<CleverDistrictPayload?> DistrictAsync(string token, string districtId, CancellationToken ct)
    {
        var single = await GetAsync(token, $"/v3.0/districts/{Uri.EscapeDataString(districtId)}",
            CleverJson.Default.CleverSingleCleverDistrictPayload, ct);
        return single.Data;
    }

    /// <summary>Every record of a collection, page by page. <paramref name="onPage"/> gets the running record count.</summary>
    public async IAsyncEnumerable<T> ListAsync<T>(string token, string path, JsonTypeInfo<T> typeInfo,
        Action<int>? onPage, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var page in PagesAsync(token, path, onPage, ct))
        {
            var records = new List<T>(page.Count);
            for (var i = 0; i < page.Count; i++) records.Add(Read(page.Record(i), typeInfo));
            foreach (var record in records) yield return record;
        }
    }

    /// <summary>One record's <c>data</c> object, deserialised (source-generated); unreadable as the page's type is an unreadable
    /// page.</summary>
    public static T Read<T>(ReadOnlySpan<byte> record, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(record, typeInfo) ?? throw new JsonException("A record was empty.");
        }
        catch (JsonException ex)
        {
            throw new CleverFetchException("Clever sent an incomplete or unreadable page.", ex);
        }
    }

    /// <summary>
    /// Every page of a collection, following <c>next</c> links, the next page read ahead while the caller compares this one
    /// (<see cref="CleverPageWalk"/>). <paramref name="onPage"/> gets the running record count once the caller is done with
    /// a page; <paramref name="notes"/>, if any, reads each record as its page is indexed (off the caller's thread, while the
    /// caller works through the page before it); <paramref name="buffers"/>, if any, are read into instead of two new buffers.
    /// </summary>
    public async IAsyncEnumerable<CleverPageBuffer> PagesAsync(string token, string path, Action<int>? onPage,
        [EnumeratorCancellation] CancellationToken ct, IRecordNotes? notes = null, CleverPageBuffers? buffers = null)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var records = 0;
        await foreach (var page in CleverPageWalk.ReadAheadAsync($"{path}{separator}limit={options.Value.PageSize}",
                           (next, buffer, c) => FillAsync(token, next, buffer, notes, c), buffers ?? new CleverPageBuffers(),
                           () => new CleverFetchException(
                               $"Clever's paging of {Collection(path)} came back to a page it had already sent; stopped rather than loop."),
                           ct))
        {
            records += page.Count;
            yield return page;
            onPage?.Invoke(records);
        }
    }

    /// <summary>Reads one page into <paramref name="page"/>.</summary>
    private Task FillAsync(string token, string pathAndQuery, CleverPageBuffer page, IRecordNotes? notes, CancellationToken ct) =>
        ReadAsync(token, pathAndQuery, async (body, headers, c) =>
        {
            await page.FillAsync(body, headers.ContentLength, c, notes);
            return true;
        }, ct);

    private Task<TPayload> GetAsync<TPayload>(string token, string pathAndQuery, JsonTypeInfo<TPayload> typeInfo, CancellationToken ct) =>
        ReadAsync(token, pathAndQuery, async (body, _, c) =>
            await JsonSerializer.DeserializeAsync(body, typeInfo, c) ?? throw new JsonException("The page was empty."), ct);

    /// <summary>
    /// One GET of Clever's API, its body handed to <paramref name="read"/>. Transient HTTP failures are retried by the
    /// resilience pipeline; a body that breaks off mid-way arrives as a 200 and is retried here.
    /// </summary>
    private async Task<T> ReadAsync<T>(string token, string pathAndQuery, Func<Stream, HttpContentHeaders, CancellationToken, Task<T>> read,
        CancellationToken ct)
    {
        // Clever's next links are appended to the API base: the district's token never leaves the API host.
        var url = CleverLinks.OnHost(self.Resolve(options.Value.ApiBaseUrl), pathAndQuery);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new CleverUnauthorizedException();
            if (!response.IsSuccessStatusCode)
                throw new CleverFetchException(Refused((int)response.StatusCode, Collection(pathAndQuery)));
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                return await read(body, response.Content.Headers, ct);
            }
            catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException && !ct.IsCancellationRequested)
            {
                if (attempt > options.Value.MaxRetries)
                    throw new CleverFetchException($"Clever sent an incomplete or unreadable page of {Collection(pathAndQuery)}.", ex);
                await Task.Delay(options.Value.RetryBaseDelay * attempt, ct);
            }
        }
    }

    /// <summary>Only 408, 429 and 5xx are retried (the resilience pipeline's rule); a 400, 403 or 404 is Clever's final answer.</summary>
    public static string Refused(int status, string collection) => status is 408 or 429 or >= 500
        ? $"Clever answered {status} for {collection} after retries."
        : $"Clever answered {status} for {collection}; Clever refuses this request as it stands, so Twig did not retry it " +
          "(check that the district still shares this data with Twig in Clever).";

    private static string Collection(string path) => path.Split('?')[0].Replace("/v3.0/", "", StringComparison.Ordinal);
}
