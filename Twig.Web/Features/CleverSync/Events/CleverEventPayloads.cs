using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Features.CleverSync.Events;

// Clever's Events API (v3.0-events.yml): <c>{"data":[{"data":{"id","type","created","data":{"object":{…},
// "previous_attributes":{…}}},"uri"}],"links":[…]}</c>. The object stays raw JSON until the fold knows its type.

[JsonConverter(typeof(CleverEventPayloadConverter))]
public sealed record CleverEventPayload(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("created")] string? Created,
    [property: JsonPropertyName("data")] CleverEventData? Data);

public sealed record CleverEventData(
    JsonElement? Object,
    [property: JsonPropertyName("previous_attributes")] JsonElement? PreviousAttributes)
{
    private readonly JsonElement? raw = Object;

    /// <summary>
    /// <c>data.object</c>. When the page parser already read it as <see cref="Record"/>, it is not kept as raw JSON too
    /// (a 43 MB night would be copied into JSON trees and parsed twice): it is written back from the record if asked for.
    /// </summary>
    [JsonPropertyName("object")]
    public JsonElement? Object => raw ?? Record switch
    {
        CleverUserPayload user => JsonSerializer.SerializeToElement(user, CleverEventsJson.Default.CleverUserPayload),
        CleverSchoolPayload school => JsonSerializer.SerializeToElement(school, CleverEventsJson.Default.CleverSchoolPayload),
        CleverSectionPayload section => JsonSerializer.SerializeToElement(section, CleverEventsJson.Default.CleverSectionPayload),
        _ => null,
    };

    /// <summary>The object already read as the payload of a record Twig keeps (user, school or section) when the page was parsed.</summary>
    [JsonIgnore]
    public object? Record { get; init; }

    /// <summary>
    /// A section event's <c>previous_attributes</c> as the fold reads them (old members only), read while the page was
    /// parsed; <see cref="PreviousAttributes"/> is then null. Other events' previous attributes are skipped: nothing reads them.
    /// </summary>
    [JsonIgnore]
    public PreviousMembership? Previous { get; init; }
}

/// <summary>
/// A section update's <c>previous_attributes</c>, kept as the UTF-8 bytes Clever sent (one array, nothing for the
/// garbage collector to trace) and read only if the night's membership changes are asked for.
/// </summary>
public sealed class PreviousMembership(byte[] json)
{
    public ReadOnlyMemory<byte> Json => json;

    /// <summary>From a JSON object (events built in memory rather than read from a page); null for anything else.</summary>
    public static PreviousMembership? From(JsonElement? previous) =>
        previous is { ValueKind: JsonValueKind.Object } p ? new PreviousMembership(JsonMarshal.GetRawUtf8Value(p).ToArray()) : null;

    /// <summary>
    /// The old members, without empty ids: each set null when the update did not change it, empty when its old value was
    /// not a list; <c>HasTeacher</c> says whether the primary teacher changed. <paramref name="studentsNow"/> sizes the
    /// students' set (an update changes a few of a section's members), so a night's 15,000 sets are not grown step by step.
    /// An id Twig's index holds is taken as the index's own string (<paramref name="known"/>), not a new copy: a night names
    /// hundreds of thousands of old members, nearly all of them people Twig holds.
    /// </summary>
    public (HashSet<string>? Students, HashSet<string>? Teachers, bool HasTeacher, string? Teacher) Read(int studentsNow = 0,
        Dictionary<string, IndexedRecord>.AlternateLookup<ReadOnlySpan<char>>? known = null)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        reader.Read();
        HashSet<string>? students = null, teachers = null;
        string? teacher = null;
        var hasTeacher = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = reader.ValueTextEquals("students"u8) ? 1 : reader.ValueTextEquals("teachers"u8) ? 2
                : reader.ValueTextEquals("teacher"u8) ? 3 : 0;
            reader.Read();
            if (which == 1) students = Ids(ref reader, studentsNow + 4, known);
            else if (which == 2) teachers = Ids(ref reader, 0, known);
            else if (which == 3)
            {
                hasTeacher = true;
                teacher = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else reader.Skip();
        }
        return (students, teachers, hasTeacher, teacher);
    }

    /// <summary>
    /// Skips the value at the reader. A converter's reader is not the final block, so <c>Skip</c> refuses, but the whole
    /// event is buffered before a converter runs and <c>TrySkip</c> always succeeds there.
    /// </summary>
    internal static void Skip(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip()) throw new JsonException("An event ended before its value did.");
    }

    private static HashSet<string> Ids(ref Utf8JsonReader reader, int capacity,
        Dictionary<string, IndexedRecord>.AlternateLookup<ReadOnlySpan<char>>? known)
    {
        var ids = new HashSet<string>(capacity, StringComparer.Ordinal);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return ids;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // An empty id names nobody (an escaped value is never empty, so the raw length decides).
            if (reader.TokenType != JsonTokenType.String) reader.Skip();
            else if (reader.ValueSpan.Length > 0) ids.Add(Id(ref reader, known));
        }
        return ids;
    }

    private static string Id(ref Utf8JsonReader reader, Dictionary<string, IndexedRecord>.AlternateLookup<ReadOnlySpan<char>>? known)
    {
        const int longest = 64; // Clever's ids are 24 characters; a longer or escaped one is simply copied
        var raw = reader.ValueSpan;
        if (known is not { } index || reader.ValueIsEscaped || raw.Length > longest) return reader.GetString()!;
        Span<char> chars = stackalloc char[longest];
        if (!Encoding.UTF8.TryGetChars(raw, chars, out var length)) return reader.GetString()!;
        return index.TryGetValue(chars[..length], out var held, out _) ? held : new string(chars[..length]);
    }
}

/// <summary>Just the id of an event: enough to find the newest one without reading any record.</summary>
public sealed record CleverEventId([property: JsonPropertyName("id")] string? Id);

[JsonSerializable(typeof(CleverPage<CleverEventPayload>))]
[JsonSerializable(typeof(CleverPage<CleverEventId>))]
[JsonSerializable(typeof(CleverSingle<CleverEventId>))]
[JsonSerializable(typeof(CleverUserPayload))]
[JsonSerializable(typeof(CleverSectionPayload))]
[JsonSerializable(typeof(CleverSchoolPayload))]
internal sealed partial class CleverEventsJson : JsonSerializerContext;
