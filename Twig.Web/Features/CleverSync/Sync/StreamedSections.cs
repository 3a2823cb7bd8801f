using System.Text.Json;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>The sections' half of the fetcher's fast path (<see cref="StreamedRecords"/>).</summary>
internal sealed partial class StreamedRecords
{
    /// <summary>A section, handled entirely here (true) or left to the full path (false; nothing was changed).</summary>
    public bool Section(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !ReadSection(ref reader)) return false;
        var id = _text[_section.Id];
        if (_sections.TryGetValue(id, out var key, out var entry) && SectionUnchanged(entry))
        {
            UnchangedSection(key, _teachers.Count + _students.Count);
            return true;
        }

        var record = new SectionRecord
        {
            Id = new string(id),
            SchoolId = _school.IsNull ? null : _schools[_text[_school]].Id,
            Name = new string(_text[_name]),
            Subject = _text.String(_subject),
            Grade = _text.String(_grade),
            Period = _text.String(_period),
            SisId = _text.String(_sisId),
            TeacherIds = [],
            StudentIds = [],
            PrimaryTeacherId = _hasPrimary ? _teachers[0] : null,
        };
        compare.Section(record, [.. _teachers], new HashSet<string>(_students, StringComparer.Ordinal));
        return true;
    }

    /// <summary>A section read while its page is indexed (people are all read by then and no longer change): the index's key
    /// and the number of its enrollments when it is Twig's active copy by hashes.</summary>
    public RecordNote NoteSection(ref Utf8JsonReader reader) =>
        ReadSection(ref reader) && _sections.TryGetValue(_text[_section.Id], out var key, out var entry) && SectionUnchanged(entry)
            ? new RecordNote(key, _teachers.Count + _students.Count)
            : default;

    /// <summary>RosterComparer.Section's unchanged case.</summary>
    public void UnchangedSection(string key, int enrollments)
    {
        RosterIndex.Find(compare.Twig.Sections, key).Seen = true;
        compare.Changes.UnchangedEnrollments += enrollments;
        compare.Changes.UnchangedSections++;
    }

    private bool SectionUnchanged(IndexedRecord entry) =>
        !_forced && entry.IsActive && entry.Membership == _membership.Value && entry.Hash == SectionHash();

    /// <summary>Reads and checks a section and its members (false: the full path judges it), hashing its membership.</summary>
    private bool ReadSection(ref Utf8JsonReader reader)
    {
        _text.Clear();
        var s = _section;
        if (!s.Read(ref reader, _text)) return false;
        if (_text.IsNullOrWhiteSpace(s.Id) || _text.IsNullOrWhiteSpace(s.Name) || _text[s.Id].Length > FetchLimits.SectionExternalId)
            return false;
        (_school, _name, _subject, _grade) = (_text.Clean(s.School), _text.Clean(s.Name), _text.Clean(s.Subject), _text.Clean(s.Grade));
        (_period, _sisId) = (_text.Clean(s.Period), _text.Clean(s.SisId));
        if (_name.Length > FetchLimits.SectionName || _subject.Length > FetchLimits.Subject || _grade.Length > FetchLimits.SectionGrade
            || _period.Length > FetchLimits.Period || _sisId.Length > FetchLimits.SectionSisId)
            return false;
        if (!_school.IsNull && !_schools.ContainsKey(_text[_school])) return false;

        // The duplicate checks below are quadratic: very large sections go to the full path.
        if (s.Students.Count > 256 || s.Teachers.Count > 64) return false;
        // Teachers trimmed, primary first, without duplicates; students as listed (not trimmed), blanks dropped, first of duplicates kept.
        _teachers.Clear();
        _students.Clear();
        _membership = new MembershipHash();
        _forced = false;
        var primary = _text.Clean(s.Teacher);
        _hasPrimary = !primary.IsNull;
        if (!Member(_teachers, primary, EnrollmentRole.Teacher, isPrimary: true)) return false;
        foreach (var teacher in s.Teachers) if (!Member(_teachers, _text.Clean(teacher), EnrollmentRole.Teacher)) return false;
        foreach (var student in s.Students)
            if (!_text.IsNullOrWhiteSpace(student) && !Member(_students, student, EnrollmentRole.Student)) return false;
        return true;
    }

    /// <summary>RecordHashes.Of(SectionRecord) of the section read, from its characters.</summary>
    private long SectionHash()
    {
        var h = RecordHashes.Start();
        Add(h, _school); Add(h, _name); Add(h, _subject); Add(h, _grade); Add(h, _period); Add(h, _sisId);
        return FieldHash.Finish(h);
    }

    /// <summary>
    /// A member Clever shared completely (else false: the full path keeps or warns), added once to the list and the membership
    /// hash. Kept as the id string the change set or the index already holds: equal ids are then the same instance, so a
    /// duplicate is found by reference, and a section refers to the id instead of copying it.
    /// </summary>
    private bool Member(List<string> members, TextField field, EnrollmentRole role, bool isPrimary = false)
    {
        if (field.IsNull) return true;
        var id = _text[field];
        var inIndex = _people.TryGetValue(id, out var key, out var entry);
        string person;
        if (_changedPeople.Dictionary.Count > 0 && _changedPeople.TryGetValue(id, out var changed)) person = changed.Id;
        else if (inIndex && entry.Seen) person = key!;
        else return false;
        foreach (var known in members) if (ReferenceEquals(known, person)) return true;
        members.Add(person);
        _membership.Add(id, role, kept: false, isPrimary);
        if (!inIndex || !entry.IsActive) _forced = true;
        return true;
    }
}
