using System.Text.Json;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// The fields of one student listing (<c>/users?role=student</c>) read straight from its UTF-8 bytes into
/// <see cref="RecordText"/>. Reads the same properties the payload types map (names case-sensitive, the last duplicate
/// wins); false for any shape the fetcher's own deserialisation should judge instead (a number where a string belongs…).
/// </summary>
internal sealed class StudentScan
{
    public TextField Id, Email, First, Middle, Last;
    /// <summary>Whether <c>roles.student</c> is an object; its fields below.</summary>
    public bool HasStudent;
    public TextField SisId, StateId, StudentNumber, Grade, School;
    public readonly List<TextField> Schools = [];

    public bool Read(ReadOnlySpan<byte> json, RecordText text)
    {
        var reader = new Utf8JsonReader(json);
        return reader.Read() && reader.TokenType == JsonTokenType.StartObject && Read(ref reader, text);
    }

    /// <summary>The record at <paramref name="reader"/> (on its opening brace), read while its page is indexed: whatever the
    /// outcome, the reader is left on the record's closing brace, so the page's reading goes on from there.</summary>
    public bool Read(ref Utf8JsonReader reader, RecordText text)
    {
        var depth = reader.CurrentDepth;
        if (Fields(ref reader, text)) return true;
        RecordEnd.Skip(ref reader, depth);
        return false;
    }

    private bool Fields(ref Utf8JsonReader reader, RecordText text)
    {
        Id = Email = First = Middle = Last = TextField.Null;
        ResetStudent();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) { reader.Read(); if (!text.TryCopy(ref reader, out Id)) return false; }
            else if (reader.ValueTextEquals("email"u8)) { reader.Read(); if (!text.TryCopy(ref reader, out Email)) return false; }
            else if (reader.ValueTextEquals("name"u8)) { if (!Name(ref reader, text)) return false; }
            else if (reader.ValueTextEquals("roles"u8)) { if (!Roles(ref reader, text)) return false; }
            else { reader.Read(); reader.Skip(); }
        }
        return true;
    }

    private void ResetStudent()
    {
        HasStudent = false;
        SisId = StateId = StudentNumber = Grade = School = TextField.Null;
        Schools.Clear();
    }

    private bool Name(ref Utf8JsonReader reader, RecordText text)
    {
        reader.Read();
        First = Middle = Last = TextField.Null;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("first"u8)) { reader.Read(); if (!text.TryCopy(ref reader, out First)) return false; }
            else if (reader.ValueTextEquals("middle"u8)) { reader.Read(); if (!text.TryCopy(ref reader, out Middle)) return false; }
            else if (reader.ValueTextEquals("last"u8)) { reader.Read(); if (!text.TryCopy(ref reader, out Last)) return false; }
            else { reader.Read(); reader.Skip(); }
        }
        return true;
    }

    private bool Roles(ref Utf8JsonReader reader, RecordText text)
    {
        reader.Read();
        ResetStudent();
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var student = reader.ValueTextEquals("student"u8);
            var mapped = student || reader.ValueTextEquals("teacher"u8) || reader.ValueTextEquals("staff"u8)
                         || reader.ValueTextEquals("district_admin"u8) || reader.ValueTextEquals("contact"u8);
            reader.Read();
            if (!mapped) { reader.Skip(); continue; }
            if (student) ResetStudent();
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (reader.TokenType != JsonTokenType.StartObject) return false;
            // Every mapped role is read with the same checks; only the student's values are kept.
            if (!Role(ref reader, text, student)) return false;
            if (student) HasStudent = true;
        }
        return true;
    }

    private bool Role(ref Utf8JsonReader reader, RecordText text, bool keep)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = reader.ValueTextEquals("sis_id"u8) ? 1 : reader.ValueTextEquals("state_id"u8) ? 2
                : reader.ValueTextEquals("student_number"u8) ? 3
                : reader.ValueTextEquals("grade"u8) ? 4 : reader.ValueTextEquals("school"u8) ? 5 : reader.ValueTextEquals("schools"u8) ? 6
                : 0;
            reader.Read();
            if (which == 0) { reader.Skip(); continue; }
            if (which == 6)
            {
                if (keep) Schools.Clear();
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.StartArray) return false;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!text.TryCopy(ref reader, out var school)) return false;
                    if (keep) Schools.Add(school);
                }
                continue;
            }
            if (!text.TryCopy(ref reader, out var value)) return false;
            if (!keep) continue;
            switch (which)
            {
                case 1: SisId = value; break;
                case 2: StateId = value; break;
                case 3: StudentNumber = value; break;
                case 4: Grade = value; break;
                default: School = value; break;
            }
        }
        return true;
    }
}

/// <summary>The fields of one section read straight from its UTF-8 bytes, like <see cref="StudentScan"/>.</summary>
internal sealed class SectionScan
{
    public TextField Id, School, Name, SisId, Subject, Grade, Period, Teacher;
    public readonly List<TextField> Teachers = [];
    public readonly List<TextField> Students = [];

    public bool Read(ReadOnlySpan<byte> json, RecordText text)
    {
        var reader = new Utf8JsonReader(json);
        return reader.Read() && reader.TokenType == JsonTokenType.StartObject && Read(ref reader, text);
    }

    /// <summary>As <see cref="StudentScan.Read(ref Utf8JsonReader, RecordText)"/>: left on the record's closing brace.</summary>
    public bool Read(ref Utf8JsonReader reader, RecordText text)
    {
        var depth = reader.CurrentDepth;
        if (Fields(ref reader, text)) return true;
        RecordEnd.Skip(ref reader, depth);
        return false;
    }

    private bool Fields(ref Utf8JsonReader reader, RecordText text)
    {
        Id = School = Name = SisId = Subject = Grade = Period = Teacher = TextField.Null;
        Teachers.Clear();
        Students.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = reader.ValueTextEquals("id"u8) ? 1 : reader.ValueTextEquals("school"u8) ? 2 : reader.ValueTextEquals("name"u8) ? 3
                : reader.ValueTextEquals("sis_id"u8) ? 4 : reader.ValueTextEquals("subject"u8) ? 5 : reader.ValueTextEquals("grade"u8) ? 6
                : reader.ValueTextEquals("period"u8) ? 7 : reader.ValueTextEquals("teacher"u8) ? 8
                : reader.ValueTextEquals("teachers"u8) ? 9 : reader.ValueTextEquals("students"u8) ? 10 : 0;
            reader.Read();
            if (which == 0) { reader.Skip(); continue; }
            if (which >= 9)
            {
                var list = which == 9 ? Teachers : Students;
                list.Clear();
                if (reader.TokenType == JsonTokenType.Null) continue;
                if (reader.TokenType != JsonTokenType.StartArray) return false;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!text.TryCopy(ref reader, out var id)) return false;
                    list.Add(id);
                }
                continue;
            }
            if (!text.TryCopy(ref reader, out var value)) return false;
            switch (which)
            {
                case 1: Id = value; break;
                case 2: School = value; break;
                case 3: Name = value; break;
                case 4: SisId = value; break;
                case 5: Subject = value; break;
                case 6: Grade = value; break;
                case 7: Period = value; break;
                default: Teacher = value; break;
            }
        }
        return true;
    }
}

internal static class RecordEnd
{
    /// <summary>Reads on to the closing brace of the object opened at <paramref name="depth"/> (a scan that gave up part-way);
    /// invalid JSON on the way throws, as skipping it would.</summary>
    public static void Skip(ref Utf8JsonReader reader, int depth)
    {
        while (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != depth)
            if (!reader.Read()) throw new JsonException("A record ends before its closing brace.");
    }
}
