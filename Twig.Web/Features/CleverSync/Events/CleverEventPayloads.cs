using System.Text.Json;
using System.Text.Json.Serialization;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Events;

// Clever's Events API (v3.0-events.yml): <c>{"data":[{"data":{"id","type","created","data":{"object":{…},
// "previous_attributes":{…}}},"uri"}],"links":[…]}</c>. The object stays raw JSON until the fold knows its type.

public sealed record CleverEventPayload(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("created")] string? Created,
    [property: JsonPropertyName("data")] CleverEventData? Data);

public sealed record CleverEventData(
    [property: JsonPropertyName("object")] JsonElement? Object,
    [property: JsonPropertyName("previous_attributes")] JsonElement? PreviousAttributes);

/// <summary>Just the id of an event: enough to find the newest one without reading any record.</summary>
public sealed record CleverEventId([property: JsonPropertyName("id")] string? Id);

[JsonSerializable(typeof(CleverPage<CleverEventPayload>))]
[JsonSerializable(typeof(CleverPage<CleverEventId>))]
[JsonSerializable(typeof(CleverSingle<CleverEventId>))]
[JsonSerializable(typeof(CleverUserPayload))]
[JsonSerializable(typeof(CleverSectionPayload))]
[JsonSerializable(typeof(CleverSchoolPayload))]
internal sealed partial class CleverEventsJson : JsonSerializerContext;
