using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Twig.Sandbox.Generation;
using Twig.Sandbox.Model;

namespace Twig.Sandbox.CleverApi;

/// <summary>Writes Data API bodies: Clever's envelopes, errors and the Express-style HTML 404.</summary>
internal static class ApiResponses
{
    private const int FlushEvery = 256;

    public static Task Message(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message },
            DictionaryContext.Default.DictionaryStringString));
    }

    /// <summary>What Clever's API server (Express) answers for a route it does not have.</summary>
    public static Task HtmlNotFound(HttpContext http, string path)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.ContentType = "text/html; charset=utf-8";
        var encoded = System.Net.WebUtility.HtmlEncode(path);
        return http.Response.WriteAsync(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot " +
                $"GET {encoded}</pre>\n</body>\n</html>\n");
    }

    public static void WriteRecord(Utf8JsonWriter writer, DistrictRoster roster, long ordinal, RecordKind kind)
    {
        switch (roster.Build(ordinal, kind))
        {
            case CleverUser user: JsonSerializer.Serialize(writer, user, SandboxJsonContext.Default.CleverUser); break;
            case CleverSection section: JsonSerializer.Serialize(writer, section, SandboxJsonContext.Default.CleverSection); break;
            case CleverSchool school: JsonSerializer.Serialize(writer, school, SandboxJsonContext.Default.CleverSchool); break;
            case CleverTerm term: JsonSerializer.Serialize(writer, term, SandboxJsonContext.Default.CleverTerm); break;
            case CleverCourse course: JsonSerializer.Serialize(writer, course, SandboxJsonContext.Default.CleverCourse); break;
        }
    }

    public static void WriteLinks(Utf8JsonWriter writer, IEnumerable<(string Rel, string Uri)> links)
    {
        writer.WriteStartArray("links");
        foreach (var (rel, uri) in links)
        {
            writer.WriteStartObject();
            writer.WriteString("rel", rel);
            writer.WriteString("uri", uri);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// A list page streamed record by record into the response, so a 10,000-record page never sits in
    /// memory. A truncation fault buffers the page instead and sends half of it.
    /// </summary>
    public static async Task WritePage(ApiRequest request, IReadOnlyList<long> ordinals, IReadOnlyList<(string Rel, string Uri)> links,
        bool truncate)
    {
        var response = request.Http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var buffer = truncate ? new ArrayBufferWriter<byte>() : null;
        IBufferWriter<byte> target = buffer is null ? response.BodyWriter : buffer;
        await using var writer = new Utf8JsonWriter(target, WireJson.Writer);
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        var roster = request.Roster;
        for (var i = 0; i < ordinals.Count; i++)
        {
            var kind = roster.Resolve(ordinals[i])!.Value.Kind;
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            WriteRecord(writer, roster, ordinals[i], kind);
            writer.WriteString("uri", $"/{request.Version}/{CollectionOf(kind)}/{roster.IdOf(ordinals[i])}");
            writer.WriteEndObject();
            if (buffer is null && i % FlushEvery == FlushEvery - 1)
            {
                await writer.FlushAsync();
                await response.BodyWriter.FlushAsync();
            }
        }
        writer.WriteEndArray();
        WriteLinks(writer, links);
        writer.WriteEndObject();
        await writer.FlushAsync();
        if (buffer is not null)
        {
            await response.Body.WriteAsync(buffer.WrittenMemory[..(buffer.WrittenCount / 2)]);
        }
    }

    /// <summary>A single record: <c>{"data":{...},"links":[...]}</c>.</summary>
    public static async Task WriteSingle(ApiRequest request, long ordinal, RecordKind kind, IEnumerable<(string Rel, string Uri)> links)
    {
        var response = request.Http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, WireJson.Writer);
        writer.WriteStartObject();
        writer.WritePropertyName("data");
        WriteRecord(writer, request.Roster, ordinal, kind);
        WriteLinks(writer, links);
        writer.WriteEndObject();
        await writer.FlushAsync();
    }

    public static async Task WriteDistrict(ApiRequest request, bool asList)
    {
        var response = request.Http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, WireJson.Writer);
        var district = request.Roster.District();
        var uri = $"/{request.Version}/districts/{district.Id}";
        writer.WriteStartObject();
        if (asList)
        {
            writer.WriteStartArray("data");
            writer.WriteStartObject();
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, district, SandboxJsonContext.Default.CleverDistrict);
            writer.WriteString("uri", uri);
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteLinks(writer, [("self", request.SelfUri)]);
        }
        else
        {
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, district, SandboxJsonContext.Default.CleverDistrict);
            WriteLinks(writer, [("self", uri), ("schools", uri + "/schools"), ("users", uri + "/users"), ("sections", uri + "/sections")]);
        }
        writer.WriteEndObject();
        await writer.FlushAsync();
    }

    public static string CollectionOf(RecordKind kind) => kind switch
    {
        RecordKind.School => "schools",
        RecordKind.Term => "terms",
        RecordKind.Course => "courses",
        RecordKind.Section => "sections",
        _ => "users",
    };

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
