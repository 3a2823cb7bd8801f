using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// The fetcher's fast path for the records that are almost all of a district — student listings and sections: each is
/// read from its UTF-8 bytes, checked and hashed from its characters (the same <see cref="RecordHashes"/> definition as
/// the stored hashes, so nothing compares as changed because of this reader), and an unchanged record is only counted
/// and marked seen. A new or changed record that needs no warning is built from the same characters and handed to the
/// <see cref="RosterComparer"/>. Anything else — a missing name, a value over its column's length, an unknown school,
/// a member Clever did not share, a second listing — returns false, and the fetcher runs its full path on that record,
/// so warnings and skips stay exactly what they were.
/// </summary>
internal sealed class StreamedRecords(RosterComparer compare, Dictionary<string, PersonRecord> staff)
{
    private readonly RecordText _text = new();
    private readonly StudentScan _student = new();
    private readonly SectionScan _section = new();
    private readonly List<TextField> _teachers = [];
    private readonly List<TextField> _students = [];
    private readonly List<TextField> _schoolIds = [];
    private Comparison<TextField>? _ordinal;
    private readonly Dictionary<string, SchoolRecord>.AlternateLookup<ReadOnlySpan<char>> _schools =
        compare.Changes.Schools.GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly Dictionary<string, PersonRecord>.AlternateLookup<ReadOnlySpan<char>> _changedPeople =
        compare.Changes.People.GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly Dictionary<string, PersonRecord>.AlternateLookup<ReadOnlySpan<char>> _staff =
        staff.GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly Dictionary<string, IndexedRecord>.AlternateLookup<ReadOnlySpan<char>> _people =
        compare.Twig.People.GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly Dictionary<string, IndexedRecord>.AlternateLookup<ReadOnlySpan<char>> _sections =
        compare.Twig.Sections.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A student listing, handled entirely here (true) or left to the full path (false; nothing was changed).</summary>
    public bool Student(ReadOnlySpan<byte> json)
    {
        _text.Clear();
        var s = _student;
        if (!s.Read(json, _text)) return false;
        var id = _text[s.Id];
        // A blank id, a second listing or a person also listed as staff: the full path merges or warns.
        if (_text.IsNullOrWhiteSpace(s.Id) || _staff.ContainsKey(id) || _changedPeople.ContainsKey(id)) return false;
        if (_text.IsNullOrWhiteSpace(s.First) || _text.IsNullOrWhiteSpace(s.Last) || id.Length > CleverLengths.ExternalId) return false;
        var first = _text.Clean(s.First);
        var middle = _text.Clean(s.Middle);
        var last = _text.Clean(s.Last);
        var email = _text.Clean(s.Email);
        TextField sisId = TextField.Null, stateId = TextField.Null, number = TextField.Null, grade = TextField.Null;
        _schoolIds.Clear();
        if (s.HasStudent)
        {
            (sisId, stateId, number, grade) =
                (_text.Clean(s.SisId), _text.Clean(s.StateId), _text.Clean(s.StudentNumber), _text.Clean(s.Grade));
            AddSchool(_text.Clean(s.School));
            foreach (var school in s.Schools) AddSchool(_text.Clean(school));
        }
        if (first.Length > FetchLimits.FirstName || middle.Length > FetchLimits.MiddleName || last.Length > FetchLimits.LastName
            || email.Length > FetchLimits.Email || sisId.Length > FetchLimits.PersonSisId || stateId.Length > FetchLimits.StateId
            || number.Length > FetchLimits.StudentNumber || grade.Length > FetchLimits.PersonGrade)
            return false;
        // Every school must be one Clever shared (else the full path drops the link with a warning).
        foreach (var school in _schoolIds) if (!_schools.ContainsKey(_text[school])) return false;
        // The person's school ids, as the record's SortedSet keeps them: ordinal order, no duplicates.
        _schoolIds.Sort(_ordinal ??= (a, b) => _text[a].SequenceCompareTo(_text[b]));

        if (_people.TryGetValue(id, out var key, out var entry))
        {
            if (entry.Seen) return false; // listed again: the full path counts it once, as changed
            var h = RecordHashes.Start();
            Add(h, first); Add(h, middle); Add(h, last); Add(h, email); Add(h, sisId); Add(h, stateId); Add(h, number); Add(h, grade);
            FieldHash.Add(h, (int)PersonRoles.Student);
            FieldHash.Add(h, _schoolIds.Count);
            foreach (var school in _schoolIds) FieldHash.Add(h, _text[school]);
            if (entry.IsActive && entry.Hash == FieldHash.Finish(h))
            {
                // RosterComparer.Person's unchanged case: a student Clever shares, seen, counted, dropped.
                compare.Changes.Students++;
                RosterIndex.Find(compare.Twig.People, key).Seen = true;
                compare.Changes.UnchangedPeople++;
                return true;
            }
        }

        var person = new PersonRecord(new string(id))
        {
            FirstName = new string(_text[first]), MiddleName = _text.String(middle), LastName = new string(_text[last]),
            Email = _text.String(email),
            SisId = _text.String(sisId), StateId = _text.String(stateId), StudentNumber = _text.String(number), Grade = _text.String(grade),
            Roles = PersonRoles.Student,
        };
        // The school records' own id strings: one instance per school, however many people link to it.
        foreach (var school in _schoolIds) person.SchoolIds.Add(_schools[_text[school]].Id);
        compare.Person(person);
        return true;
    }

    private void AddSchool(TextField school)
    {
        if (school.IsNull) return;
        foreach (var known in _schoolIds) if (_text[known].SequenceEqual(_text[school])) return;
        _schoolIds.Add(school);
    }

    /// <summary>A section, handled entirely here (true) or left to the full path (false; nothing was changed).</summary>
    public bool Section(ReadOnlySpan<byte> json)
    {
        _text.Clear();
        var s = _section;
        if (!s.Read(json, _text)) return false;
        if (_text.IsNullOrWhiteSpace(s.Id) || _text.IsNullOrWhiteSpace(s.Name) || _text[s.Id].Length > FetchLimits.SectionExternalId)
            return false;
        var school = _text.Clean(s.School);
        var name = _text.Clean(s.Name);
        var subject = _text.Clean(s.Subject);
        var grade = _text.Clean(s.Grade);
        var period = _text.Clean(s.Period);
        var sisId = _text.Clean(s.SisId);
        if (name.Length > FetchLimits.SectionName || subject.Length > FetchLimits.Subject || grade.Length > FetchLimits.SectionGrade
            || period.Length > FetchLimits.Period || sisId.Length > FetchLimits.SectionSisId)
            return false;
        if (!school.IsNull && !_schools.ContainsKey(_text[school])) return false;

        // The duplicate checks below are quadratic: very large sections go to the full path.
        if (s.Students.Count > 256 || s.Teachers.Count > 64) return false;
        // Teachers trimmed, primary first, without duplicates; students as listed (not trimmed), blanks dropped, first of duplicates kept.
        _teachers.Clear();
        _students.Clear();
        AddDistinct(_teachers, _text.Clean(s.Teacher));
        foreach (var teacher in s.Teachers) AddDistinct(_teachers, _text.Clean(teacher));
        foreach (var student in s.Students) if (!_text.IsNullOrWhiteSpace(student)) AddDistinct(_students, student);

        var membership = new MembershipHash();
        var forced = false;
        foreach (var teacher in _teachers) if (!Member(teacher, EnrollmentRole.Teacher, ref membership, ref forced)) return false;
        foreach (var student in _students) if (!Member(student, EnrollmentRole.Student, ref membership, ref forced)) return false;

        var id = _text[s.Id];
        if (_sections.TryGetValue(id, out var key, out var entry) && !forced && entry.IsActive && entry.Membership == membership.Value)
        {
            var h = RecordHashes.Start();
            Add(h, school); Add(h, name); Add(h, subject); Add(h, grade); Add(h, period); Add(h, sisId);
            if (entry.Hash == FieldHash.Finish(h))
            {
                // RosterComparer.Section's unchanged case.
                RosterIndex.Find(compare.Twig.Sections, key).Seen = true;
                compare.Changes.UnchangedEnrollments += _teachers.Count + _students.Count;
                compare.Changes.UnchangedSections++;
                return true;
            }
        }

        var record = new SectionRecord
        {
            Id = new string(id),
            SchoolId = school.IsNull ? null : _schools[_text[school]].Id,
            Name = new string(_text[name]),
            Subject = _text.String(subject),
            Grade = _text.String(grade),
            Period = _text.String(period),
            SisId = _text.String(sisId),
            TeacherIds = [],
            StudentIds = [],
        };
        var teachers = new List<string>(_teachers.Count);
        foreach (var teacher in _teachers) teachers.Add(PersonId(teacher));
        var students = new List<string>(_students.Count);
        foreach (var student in _students) students.Add(PersonId(student));
        compare.Section(record, teachers, students);
        return true;
    }

    private void AddDistinct(List<TextField> list, TextField value)
    {
        if (value.IsNull) return;
        foreach (var known in list) if (_text[known].SequenceEqual(_text[value])) return;
        list.Add(value);
    }

    /// <summary>A member Clever shared completely (else false: the full path keeps or warns), added to the membership hash.</summary>
    private bool Member(TextField field, EnrollmentRole role, ref MembershipHash membership, ref bool forced)
    {
        var id = _text[field];
        var changed = _changedPeople.ContainsKey(id);
        var inIndex = _people.TryGetValue(id, out var entry);
        if (!changed && !(inIndex && entry.Seen)) return false;
        membership.Add(id, role, kept: false);
        if (!inIndex || !entry.IsActive) forced = true;
        return true;
    }

    /// <summary>The person's id as an existing string (the changed record's or the index's key): sections share them, never copy.</summary>
    private string PersonId(TextField field)
    {
        var id = _text[field];
        if (_changedPeople.TryGetValue(id, out var person)) return person.Id;
        _people.TryGetValue(id, out var key, out _);
        return key!; // Member found it in one of the two
    }

    private void Add(System.IO.Hashing.XxHash3 h, TextField field)
    {
        if (field.IsNull) FieldHash.AddNull(h);
        else FieldHash.Add(h, _text[field]);
    }
}
