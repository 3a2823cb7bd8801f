using System.Text.Json;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>
/// Reads a user event's <c>data.object</c> straight into its payload, as <see cref="SectionObjectReader"/> does for
/// sections and with the same rules as the serializer for <see cref="CleverUserPayload"/>: exact names (escapes allowed),
/// the last of a repeated property wins, unknown properties (demographics, credentials) skipped unread, null for a
/// missing or null value, a <see cref="JsonException"/> for a value of another kind.
/// </summary>
internal static class UserObjectReader
{
    /// <summary>The user at <paramref name="reader"/> (on its opening brace), leaving the reader on its closing one.</summary>
    public static CleverUserPayload Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A user is not a JSON object.");
        string? id = null, email = null;
        CleverNamePayload? name = null;
        CleverRolesPayload? roles = null;
        while (Next(ref reader))
        {
            var property = reader.ValueTextEquals("id"u8) ? 1 : reader.ValueTextEquals("email"u8) ? 2
                : reader.ValueTextEquals("name"u8) ? 3 : reader.ValueTextEquals("roles"u8) ? 4 : 0;
            reader.Read();
            switch (property)
            {
                case 1: id = SectionObjectReader.Text(ref reader); break;
                case 2: email = SectionObjectReader.Text(ref reader); break;
                case 3: name = Name(ref reader); break;
                case 4: roles = Roles(ref reader); break;
                default: PreviousMembership.Skip(ref reader); break;
            }
        }
        return new CleverUserPayload(id, email, name, roles);
    }

    private static CleverNamePayload? Name(ref Utf8JsonReader reader)
    {
        if (!Open(ref reader)) return null;
        string? first = null, middle = null, last = null;
        while (Next(ref reader))
        {
            var property = reader.ValueTextEquals("first"u8) ? 1 : reader.ValueTextEquals("middle"u8) ? 2
                : reader.ValueTextEquals("last"u8) ? 3 : 0;
            reader.Read();
            switch (property)
            {
                case 1: first = SectionObjectReader.Text(ref reader); break;
                case 2: middle = SectionObjectReader.Text(ref reader); break;
                case 3: last = SectionObjectReader.Text(ref reader); break;
                default: PreviousMembership.Skip(ref reader); break;
            }
        }
        return new CleverNamePayload(first, middle, last);
    }

    private static CleverRolesPayload? Roles(ref Utf8JsonReader reader)
    {
        if (!Open(ref reader)) return null;
        CleverRolePayload? student = null, teacher = null, staff = null, districtAdmin = null, contact = null;
        while (Next(ref reader))
        {
            var property = reader.ValueTextEquals("student"u8) ? 1 : reader.ValueTextEquals("teacher"u8) ? 2
                : reader.ValueTextEquals("staff"u8) ? 3 : reader.ValueTextEquals("district_admin"u8) ? 4
                : reader.ValueTextEquals("contact"u8) ? 5 : 0;
            reader.Read();
            switch (property)
            {
                case 1: student = Role(ref reader); break;
                case 2: teacher = Role(ref reader); break;
                case 3: staff = Role(ref reader); break;
                case 4: districtAdmin = Role(ref reader); break;
                case 5: contact = Role(ref reader); break;
                default: PreviousMembership.Skip(ref reader); break;
            }
        }
        return new CleverRolesPayload(student, teacher, staff, districtAdmin, contact);
    }

    private static CleverRolePayload? Role(ref Utf8JsonReader reader)
    {
        if (!Open(ref reader)) return null;
        string? sisId = null, stateId = null, studentNumber = null, grade = null, school = null, staffId = null;
        List<string>? schools = null;
        while (Next(ref reader))
        {
            var property = reader.ValueTextEquals("sis_id"u8) ? 1 : reader.ValueTextEquals("state_id"u8) ? 2
                : reader.ValueTextEquals("student_number"u8) ? 3 : reader.ValueTextEquals("grade"u8) ? 4
                : reader.ValueTextEquals("school"u8) ? 5 : reader.ValueTextEquals("schools"u8) ? 6
                : reader.ValueTextEquals("staff_id"u8) ? 7 : 0;
            reader.Read();
            switch (property)
            {
                case 1: sisId = SectionObjectReader.Text(ref reader); break;
                case 2: stateId = SectionObjectReader.Text(ref reader); break;
                case 3: studentNumber = SectionObjectReader.Text(ref reader); break;
                case 4: grade = SectionObjectReader.Text(ref reader); break;
                case 5: school = SectionObjectReader.Text(ref reader); break;
                case 6: schools = SectionObjectReader.Texts(ref reader); break;
                case 7: staffId = SectionObjectReader.Text(ref reader); break;
                default: PreviousMembership.Skip(ref reader); break;
            }
        }
        return new CleverRolePayload(sisId, stateId, studentNumber, grade, school, schools, staffId);
    }

    /// <summary>True on an object's opening brace, false on null; any other value is refused.</summary>
    private static bool Open(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw new JsonException($"A user's value is a {reader.TokenType}, not an object."),
    };

    /// <summary>Moves to the next property name; false on the object's closing brace.</summary>
    private static bool Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("A user ended before its closing brace.");
        return reader.TokenType == JsonTokenType.PropertyName;
    }
}
