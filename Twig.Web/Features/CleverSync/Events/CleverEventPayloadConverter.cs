using System.Text.Json;
using System.Text.Json.Serialization;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>
/// Reads one event in a single pass: when <c>type</c> comes before <c>data</c> (as Clever writes it) and names a record Twig
/// keeps, <c>data.object</c> is read straight into that record's payload. Anything else (another order, another type, an
/// object that does not read as the payload) is kept as raw JSON for the fold to judge, exactly as before.
/// </summary>
internal sealed class CleverEventPayloadConverter : JsonConverter<CleverEventPayload>
{
    public override CleverEventPayload? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("An event is not a JSON object.");
        string? id = null, type = null, created = null;
        CleverEventData? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "id": id = Text(ref reader); break;
                case "type": type = Text(ref reader); break;
                case "created": created = Text(ref reader); break;
                case "data": data = Data(ref reader, type); break;
                default: reader.Skip(); break;
            }
        }
        return new CleverEventPayload(id, type, created, data);
    }

    public override void Write(Utf8JsonWriter writer, CleverEventPayload value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("id", value.Id);
        writer.WriteString("type", value.Type);
        writer.WriteString("created", value.Created);
        if (value.Data is { } data)
        {
            writer.WriteStartObject("data");
            writer.WritePropertyName("object");
            if (data.Object is { } raw) raw.WriteTo(writer);
            else writer.WriteNullValue();
            if (data.PreviousAttributes is { } previous)
            {
                writer.WritePropertyName("previous_attributes");
                previous.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }

    private static CleverEventData? Data(ref Utf8JsonReader reader, string? type)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        JsonElement? raw = null, previous = null;
        object? record = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "object":
                    record = Typed(ref reader, type);
                    if (record is null) raw = JsonElement.ParseValue(ref reader);
                    break;
                case "previous_attributes": previous = JsonElement.ParseValue(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new CleverEventData(raw, previous) { Record = record };
    }

    /// <summary>The object as the kept record's payload, the reader moved past it; null (reader untouched) when it is not one.</summary>
    private static object? Typed(ref Utf8JsonReader reader, string? type)
    {
        if (reader.TokenType != JsonTokenType.StartObject || type is null) return null;
        var attempt = reader;
        try
        {
            object? record = type[..Math.Max(type.IndexOf('.', StringComparison.Ordinal), 0)] switch
            {
                "users" => JsonSerializer.Deserialize(ref attempt, CleverEventsJson.Default.CleverUserPayload),
                "schools" => JsonSerializer.Deserialize(ref attempt, CleverEventsJson.Default.CleverSchoolPayload),
                "sections" => JsonSerializer.Deserialize(ref attempt, CleverEventsJson.Default.CleverSectionPayload),
                _ => null,
            };
            if (record is not null) reader = attempt;
            return record;
        }
        catch (JsonException)
        {
            // Not shaped as the payload: the fold reads it from raw JSON and reports it as it always has.
            return null;
        }
    }
}
