using System.Text.Json;
using System.Text.Json.Serialization;
using Twig.Web.Features.CleverSync.Clever;

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
