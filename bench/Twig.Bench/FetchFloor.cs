using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Twig.Bench;

/// <summary>
/// Floor (a): every page a sync reads (schools, the four user roles, sections), fetched from the sandbox over
/// loopback HTTP with the same page size and streamed through System.Text.Json's <see cref="Utf8JsonReader"/>
/// token by token, storing nothing. The sandbox's own generation cost is inside this floor, as it is inside a sync.
/// </summary>
internal static class FetchFloor
{
    private static readonly string[] Collections =
    [
        "/v3.0/schools", "/v3.0/users?role=student", "/v3.0/users?role=teacher", "/v3.0/users?role=staff",
        "/v3.0/users?role=district_admin", "/v3.0/sections",
    ];

    /// <param name="collections">Other lists to read instead (the events floor reads <c>/v3.0/events?starting_after=…</c>).</param>
    public static async Task<(long Records, long Bytes)> RunAsync(Uri twig, string token, int pageSize, IReadOnlyList<string>? collections = null)
    {
        using var client = new HttpClient { BaseAddress = twig, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        long records = 0, bytes = 0;
        var buffer = new byte[1 << 16];
        foreach (var collection in collections ?? Collections)
        {
            string? next = $"{collection}{(collection.Contains('?', StringComparison.Ordinal) ? '&' : '?')}limit={pageSize}";
            while (next is not null)
            {
                using var response = await client.GetAsync("sandbox/clever-api" + next, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync();
                var page = new PageState();
                var filled = 0;
                while (true)
                {
                    var read = await body.ReadAsync(buffer.AsMemory(filled));
                    filled += read;
                    bytes += read;
                    var consumed = Consume(buffer.AsSpan(0, filled), read == 0, page);
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                    filled -= consumed;
                    if (read == 0) break;
                    if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                }
                records += page.Records;
                next = page.Next;
            }
        }
        return (records, bytes);
    }

    private sealed class PageState
    {
        public JsonReaderState Reader;
        public string? TopProperty;
        public string? LastProperty;
        public bool RelNext;
        public int Records;
        public string? Next;
    }

    private static int Consume(ReadOnlySpan<byte> data, bool final, PageState page)
    {
        var reader = new Utf8JsonReader(data, final, page.Reader);
        Span<byte> scratch = stackalloc byte[512];
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    page.LastProperty = reader.CurrentDepth == 1 ? page.TopProperty = reader.GetString() : reader.ValueTextEquals("rel"u8) ? "rel" : reader.ValueTextEquals("uri"u8) ? "uri" : null;
                    break;
                case JsonTokenType.StartObject when reader.CurrentDepth == 2 && page.TopProperty == "data":
                    page.Records++;
                    break;
                case JsonTokenType.String when page.TopProperty == "links":
                    if (page.LastProperty == "rel") page.RelNext = reader.ValueTextEquals("next"u8);
                    else if (page.LastProperty == "uri" && page.RelNext) page.Next = reader.GetString();
                    break;
                case JsonTokenType.String:
                    // Touch every value as a parser would: unescape it into a stack buffer, keep nothing.
                    if (reader.ValueSpan.Length <= scratch.Length) reader.CopyString(scratch);
                    break;
            }
        }
        page.Reader = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    public static string Describe(long records, long bytes) => $"{records:N0} records, {bytes / 1048576.0:F0} MB JSON";

    internal static readonly Encoding Utf8 = new UTF8Encoding(false);
}
