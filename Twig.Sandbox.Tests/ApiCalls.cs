using System.Net;
using System.Text.Json;

namespace Twig.Sandbox.Tests;

/// <summary>Small helpers for calling the sandbox Data API the way Twig does.</summary>
public static class ApiCalls
{
    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> Get(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, body, response);
    }

    public static async Task<JsonElement> GetOk(HttpClient client, string path)
    {
        var (status, body, _) = await Get(client, path);
        Assert.True(status == HttpStatusCode.OK, $"GET {path} answered {(int)status}");
        return body;
    }

    public static string? Link(JsonElement envelope, string rel) =>
        envelope.GetProperty("links").EnumerateArray()
            .Where(l => l.GetProperty("rel").GetString() == rel)
            .Select(l => l.GetProperty("uri").GetString())
            .FirstOrDefault();

    public static IEnumerable<string> Ids(JsonElement envelope) =>
        envelope.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("data").GetProperty("id").GetString()!);

    /// <summary>Follows <c>next</c> links from a first relative URI; returns every page's body.</summary>
    public static async Task<List<JsonElement>> Walk(HttpClient client, string firstRelative, int maxPages = 100_000)
    {
        var pages = new List<JsonElement>();
        string? next = firstRelative;
        while (next is not null && pages.Count < maxPages)
        {
            Assert.StartsWith("/v3.0/", next);
            var page = await GetOk(client, "sandbox/clever-api" + next);
            pages.Add(page);
            next = Link(page, "next");
        }
        return pages;
    }
}
