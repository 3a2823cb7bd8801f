using System.Text.Json;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>
/// Reads a section event's <c>data.object</c> straight into its payload. Section updates are most of a night (every
/// student who joins, leaves or moves changes a few of them) and each carries its whole membership: read by the
/// serializer, they were most of the events' parse. Accepts and refuses what the serializer does for
/// <see cref="CleverSectionPayload"/>: names matched exactly (escapes allowed), the last of a repeated property wins,
/// unknown properties skipped, null for a missing or null value, and a <see cref="JsonException"/> for a value of
/// another kind (a number for a name, an object among the students).
/// </summary>
internal static class SectionObjectReader
{
    /// <summary>The section at <paramref name="reader"/> (on its opening brace), leaving the reader on its closing one.</summary>
    public static CleverSectionPayload Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A section is not a JSON object.");
        string? id = null, school = null, name = null, sisId = null, subject = null, grade = null, period = null, teacher = null;
        List<string>? teachers = null, students = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Property(ref reader);
            reader.Read();
            switch (property)
            {
                case Name.Id: id = Text(ref reader); break;
                case Name.School: school = Text(ref reader); break;
                case Name.Name: name = Text(ref reader); break;
                case Name.SisId: sisId = Text(ref reader); break;
                case Name.Subject: subject = Text(ref reader); break;
                case Name.Grade: grade = Text(ref reader); break;
                case Name.Period: period = Text(ref reader); break;
                case Name.Teacher: teacher = Text(ref reader); break;
                case Name.Teachers: teachers = Texts(ref reader); break;
                case Name.Students: students = Texts(ref reader); break;
                default: PreviousMembership.Skip(ref reader); break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("A section ended before its closing brace.");
        return new CleverSectionPayload(id, school, name, sisId, subject, grade, period, teacher, teachers, students);
    }

    private enum Name { Other, Id, School, Name, SisId, Subject, Grade, Period, Teacher, Teachers, Students }

    /// <summary>Matched as UTF-8 bytes, the longest lists first (they are most of the object).</summary>
    private static Name Property(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("students"u8) ? Name.Students
        : reader.ValueTextEquals("teachers"u8) ? Name.Teachers
        : reader.ValueTextEquals("id"u8) ? Name.Id
        : reader.ValueTextEquals("school"u8) ? Name.School
        : reader.ValueTextEquals("name"u8) ? Name.Name
        : reader.ValueTextEquals("sis_id"u8) ? Name.SisId
        : reader.ValueTextEquals("subject"u8) ? Name.Subject
        : reader.ValueTextEquals("grade"u8) ? Name.Grade
        : reader.ValueTextEquals("period"u8) ? Name.Period
        : reader.ValueTextEquals("teacher"u8) ? Name.Teacher
        : Name.Other;

    /// <summary>A string or null; a value of another kind is refused, as the serializer refuses it for a string.</summary>
    internal static string? Text(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"A value is a {reader.TokenType}, not a string."),
    };

    /// <summary>A list of strings (or null), as the serializer reads a <c>List&lt;string&gt;</c>.</summary>
    internal static List<string>? Texts(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"A list is a {reader.TokenType}.");
        // Gathered in one list per thread and copied at their size: grown by doubling, each list would be copied a few times
        // and keep up to twice the slots it uses.
        var ids = _scratch ??= new List<string>(64);
        ids.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) ids.Add(Text(ref reader)!);
        if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("A list ended before its closing bracket.");
        var list = new List<string>(ids);
        ids.Clear();
        return list;
    }

    [ThreadStatic] private static List<string>? _scratch;
}
