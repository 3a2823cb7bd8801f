using System.Text.Json;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;

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
internal sealed partial class StreamedRecords(RosterComparer compare, Dictionary<string, PersonRecord> staff)
{
    private readonly RecordText _text = new();
    private readonly StudentScan _student = new();
    private readonly SectionScan _section = new();
    private readonly List<string> _teachers = [];
    private readonly List<string> _students = [];
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

    // The kept fields of the record last read, as ranges of _text.
    private TextField _first, _middle, _last, _email, _sisId, _stateId, _number, _grade;
    private TextField _school, _name, _subject, _period;
    private MembershipHash _membership;
    private bool _forced;
    /// <summary>Whether the section read names a primary teacher (then the first of <see cref="_teachers"/>).</summary>
    private bool _hasPrimary;

    /// <summary>A student listing, handled entirely here (true) or left to the full path (false; nothing was changed).</summary>
    public bool Student(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !ReadStudent(ref reader)) return false;
        var id = _text[_student.Id];
        if (_changedPeople.ContainsKey(id)) return false; // a second listing: the full path merges it
        if (_people.TryGetValue(id, out var key, out var entry))
        {
            if (entry.Seen) return false; // listed again: the full path counts it once, as changed
            if (entry.IsActive && entry.Hash == StudentHash()) return UnchangedStudent(key);
        }

        var person = new PersonRecord(new string(id))
        {
            FirstName = new string(_text[_first]), MiddleName = _text.String(_middle), LastName = new string(_text[_last]),
            Email = _text.String(_email),
            SisId = _text.String(_sisId), StateId = _text.String(_stateId), StudentNumber = _text.String(_number),
            Grade = _text.String(_grade),
            Roles = PersonRoles.Student,
        };
        // The school records' own id strings: one instance per school, however many people link to it.
        foreach (var school in _schoolIds) person.SchoolIds.Add(_schools[_text[school]].Id);
        compare.Person(person);
        return true;
    }

    /// <summary>
    /// A student listing read while its page is indexed, on the page reader's thread: the index's key when it is Twig's
    /// active copy by hash. Reads only what no one changes during the students' pages (the staff's ids, the schools, the
    /// index's hashes); whether the person was already listed is asked in <see cref="UnchangedStudent"/>, in page order.
    /// </summary>
    public RecordNote NoteStudent(ref Utf8JsonReader reader) =>
        ReadStudent(ref reader) && _people.TryGetValue(_text[_student.Id], out var key, out var entry) && entry.IsActive
        && entry.Hash == StudentHash()
            ? new RecordNote(key, 0)
            : default;

    /// <summary>RosterComparer.Person's unchanged case: a student Clever shares, seen, counted, dropped. False when the
    /// person was listed before (the full path counts them once, as changed).</summary>
    public bool UnchangedStudent(string key)
    {
        ref var entry = ref RosterIndex.Find(compare.Twig.People, key);
        if (entry.Seen) return false;
        entry.Seen = true;
        compare.Changes.Students++;
        compare.Changes.UnchangedPeople++;
        return true;
    }

    /// <summary>Reads and checks a listing (false: the full path judges it); its kept fields are then in the fields above.</summary>
    private bool ReadStudent(ref Utf8JsonReader reader)
    {
        _text.Clear();
        var s = _student;
        if (!s.Read(ref reader, _text)) return false;
        var id = _text[s.Id];
        // A blank id or a person also listed as staff: the full path merges or warns.
        if (_text.IsNullOrWhiteSpace(s.Id) || _staff.ContainsKey(id)) return false;
        if (_text.IsNullOrWhiteSpace(s.First) || _text.IsNullOrWhiteSpace(s.Last) || id.Length > CleverLengths.ExternalId) return false;
        (_first, _middle, _last, _email) = (_text.Clean(s.First), _text.Clean(s.Middle), _text.Clean(s.Last), _text.Clean(s.Email));
        _sisId = _stateId = _number = _grade = TextField.Null;
        _schoolIds.Clear();
        if (s.HasStudent)
        {
            (_sisId, _stateId, _number, _grade) =
                (_text.Clean(s.SisId), _text.Clean(s.StateId), _text.Clean(s.StudentNumber), _text.Clean(s.Grade));
            AddSchool(_text.Clean(s.School));
            foreach (var school in s.Schools) AddSchool(_text.Clean(school));
        }
        if (_first.Length > FetchLimits.FirstName || _middle.Length > FetchLimits.MiddleName || _last.Length > FetchLimits.LastName
            || _email.Length > FetchLimits.Email || _sisId.Length > FetchLimits.PersonSisId || _stateId.Length > FetchLimits.StateId
            || _number.Length > FetchLimits.StudentNumber || _grade.Length > FetchLimits.PersonGrade)
            return false;
        // Every school must be one Clever shared (else the full path drops the link with a warning).
        foreach (var school in _schoolIds) if (!_schools.ContainsKey(_text[school])) return false;
        // The person's school ids, as the record's SortedSet keeps them: ordinal order, no duplicates.
        if (_schoolIds.Count > 1) _schoolIds.Sort(_ordinal ??= (a, b) => _text[a].SequenceCompareTo(_text[b]));
        return true;
    }

    /// <summary>RecordHashes.Of(PersonRecord) of the listing read, from its characters.</summary>
    private long StudentHash()
    {
        var h = RecordHashes.Start();
        Add(h, _first); Add(h, _middle); Add(h, _last); Add(h, _email); Add(h, _sisId); Add(h, _stateId); Add(h, _number); Add(h, _grade);
        FieldHash.Add(h, (int)PersonRoles.Student);
        FieldHash.Add(h, _schoolIds.Count);
        foreach (var school in _schoolIds) FieldHash.Add(h, _text[school]);
        return FieldHash.Finish(h);
    }

    private void AddSchool(TextField school)
    {
        if (school.IsNull) return;
        foreach (var known in _schoolIds) if (_text[known].SequenceEqual(_text[school])) return;
        _schoolIds.Add(school);
    }

    private void Add(System.IO.Hashing.XxHash3 h, TextField field)
    {
        if (field.IsNull) FieldHash.AddNull(h);
        else FieldHash.Add(h, _text[field]);
    }
}

/// <summary>The fast path's reading of student listings or sections, done while their page is indexed (<see cref="IRecordNotes"/>),
/// by a reader of its own: the fetcher's reader is busy with the page before. The reader is built once Twig's index is loaded;
/// a page that arrives before that is indexed when it is.</summary>
internal sealed class UnchangedNotes(Task<StreamedRecords> reader, bool sections) : IRecordNotes
{
    public UnchangedNotes(StreamedRecords reader, bool sections) : this(Task.FromResult(reader), sections) { }

    public Task Ready => reader;

    // Read only once Ready has completed (the page buffer waits for it): Result does not block.
    public RecordNote Read(ref Utf8JsonReader json) =>
        sections ? reader.Result.NoteSection(ref json) : reader.Result.NoteStudent(ref json);
}
