using System.Text.Json;
using System.Text.Json.Serialization;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>
/// Reads one event without a JSON tree: when <c>type</c> names a record Twig keeps, <c>data.object</c> is read straight into
/// that record's payload, whichever of the two comes first. Anything else (another type, an object that does not read as the
/// payload) is kept as raw JSON for the fold to judge, exactly as before.
/// </summary>
internal sealed class CleverEventPayloadConverter : JsonConverter<CleverEventPayload>
{
    public override CleverEventPayload? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Event(ref reader, default);

    /// <summary>
    /// One event from its bytes: a page read whole and checked (<see cref="CleverPageBuffer"/>), so a section's previous
    /// attributes are kept as a copy of their bytes rather than parsed.
    /// </summary>
    public static CleverEventPayload? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        reader.Read();
        return Event(ref reader, json);
    }

    /// <summary>The event at the reader; <paramref name="source"/> is what the reader reads when it is known (else empty).</summary>
    private static CleverEventPayload? Event(ref Utf8JsonReader reader, ReadOnlySpan<byte> source)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("An event is not a JSON object.");
        string? id = null, type = null, created = null;
        CleverEventData? data = null;
        // Clever's recorded events put their keys in alphabetical order (created, data, id, type): data before its type. The
        // reader is then copied at data (the event is buffered whole) and data is read once the type is known.
        var dataAt = default(Utf8JsonReader);
        var dataLater = false;
        // Clever's Swagger puts previous_attributes beside data, its documentation and recordings inside it: both are read.
        var previousAt = default(Utf8JsonReader);
        var previousBeside = false;
        // Property names are matched as UTF-8 bytes: a night of events would otherwise allocate a string for each name.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Property(ref reader);
            reader.Read();
            switch (property)
            {
                case 1: id = Text(ref reader); break;
                case 2: type = Text(ref reader); break;
                case 3: created = Text(ref reader); break;
                case 4 when type is null:
                    dataAt = reader;
                    dataLater = true;
                    PreviousMembership.Skip(ref reader);
                    break;
                case 4: data = Data(ref reader, type, source); break;
                case 5:
                    previousAt = reader;
                    previousBeside = true;
                    PreviousMembership.Skip(ref reader);
                    break;
                default: PreviousMembership.Skip(ref reader); break;
            }
        }
        if (dataLater) data = Data(ref dataAt, type, source);
        if (previousBeside && data is { Previous: null, PreviousAttributes: null } && IsSection(type))
            data = data with { Previous = Previous(ref previousAt, source) };
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
            else if (data.Previous is { } members)
            {
                writer.WritePropertyName("previous_attributes");
                writer.WriteRawValue(members.Json.Span, skipInputValidation: true);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        PreviousMembership.Skip(ref reader);
        return null;
    }

    private static CleverEventData? Data(ref Utf8JsonReader reader, string? type, ReadOnlySpan<byte> source)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            PreviousMembership.Skip(ref reader);
            return null;
        }
        JsonElement? raw = null;
        PreviousMembership? previous = null;
        object? record = null;
        var section = IsSection(type);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isObject = reader.ValueTextEquals("object"u8);
            var isPrevious = !isObject && reader.ValueTextEquals("previous_attributes"u8);
            reader.Read();
            if (isObject)
            {
                record = Typed(ref reader, type);
                if (record is null) raw = JsonElement.ParseValue(ref reader);
            }
            // Only a section's old members are ever read (the fold's membership changes); the rest is skipped unparsed.
            else if (isPrevious && section) previous = Previous(ref reader, source);
            else PreviousMembership.Skip(ref reader);
        }
        return new CleverEventData(raw, null) { Record = record, Previous = previous };
    }

    /// <summary>A section's previous attributes as bytes (sliced from the page when it is at hand); null when not an object.</summary>
    private static PreviousMembership? Previous(ref Utf8JsonReader reader, ReadOnlySpan<byte> source)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            PreviousMembership.Skip(ref reader);
            return null;
        }
        if (source.IsEmpty) return PreviousMembership.From(JsonElement.ParseValue(ref reader));
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return new PreviousMembership(source[start..(int)reader.BytesConsumed].ToArray());
    }

    private static bool IsSection(string? type) => type?.StartsWith("sections.", StringComparison.Ordinal) == true;

    private static int Property(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("id"u8) ? 1
        : reader.ValueTextEquals("type"u8) ? 2
        : reader.ValueTextEquals("created"u8) ? 3
        : reader.ValueTextEquals("data"u8) ? 4
        : reader.ValueTextEquals("previous_attributes"u8) ? 5
        : 0;

    /// <summary>The object as the kept record's payload, the reader moved past it; null (reader untouched) when it is not one.</summary>
    private static object? Typed(ref Utf8JsonReader reader, string? type)
    {
        if (reader.TokenType != JsonTokenType.StartObject || type is null) return null;
        var attempt = reader;
        try
        {
            object? record = type.AsSpan(0, Math.Max(type.IndexOf('.', StringComparison.Ordinal), 0)) switch
            {
                "users" => UserObjectReader.Read(ref attempt),
                "schools" => JsonSerializer.Deserialize(ref attempt, CleverEventsJson.Default.CleverSchoolPayload),
                "sections" => SectionObjectReader.Read(ref attempt),
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
