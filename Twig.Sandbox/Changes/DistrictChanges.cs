using Twig.Sandbox.Events;
using Twig.Sandbox.Generation;

namespace Twig.Sandbox.Changes;

/// <summary>What removing a whole school took with it.</summary>
public sealed record SchoolRemoval(int Schools, int Sections, int Students, int Teachers, int Staff);

/// <summary>
/// "The district changed overnight." Every operation is deterministic (the same sequence of calls on the
/// same seed picks the same records) and returns exactly how many records it touched, so a test knows
/// the counts a sync must report. Percentages are of the live records of that type, rounded half away
/// from zero. Types: "student", "teacher", "staff" (school admins), "district_admin", "contact", "section".
/// Every change also lands in the district's Events API feed (<see cref="DistrictEvents"/>), one event per record it
/// altered, except <see cref="EmptyRoster"/>, which stands for a broken SIS export rather than a change.
/// </summary>
public sealed partial class DistrictChanges
{
    private readonly DistrictRoster roster;
    private readonly TimeProvider time;
    private readonly DistrictEvents events;

    internal DistrictChanges(DistrictRoster roster, TimeProvider time, DistrictEvents events)
    {
        this.roster = roster;
        this.time = time;
        this.events = events;
    }

    private DistrictLayout Layout => roster.Layout;
    private RosterOverrides Overrides => roster.Overrides;
    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>New students (ids greater than every existing id), each placed in one section per period of a school.</summary>
    public int AddStudents(double percent)
    {
        var count = CountOf(Live(RecordKind.Student).Count, percent);
        var change = Overrides.NextChange();
        var capture = new ChangeCapture(roster);
        for (var i = 0; i < count; i++)
        {
            var school = LiveSchool(DeterministicHash.Pick(Layout.Seed, i, 5000 + change, Layout.Schools));
            var groups = Layout.GroupsIn(school);
            var sections = new int[DistrictLayout.Periods];
            for (var p = 0; p < sections.Length; p++)
                sections[p] = Layout.FirstSectionOf(school) + p * groups +
                    DeterministicHash.Pick(Layout.Seed, i, 6000 + change * 8 + p, groups);
            foreach (var section in sections) capture.Touch(Layout.OrdinalOf(RecordKind.Section, section));
            capture.TouchNew(Overrides.Add(RecordKind.Student, school, sections, Now).Ordinal);
        }
        capture.Publish(events, Now);
        return count;
    }

    /// <summary>New teachers with no sections yet.</summary>
    public int AddTeachers(double percent)
    {
        var count = CountOf(Live(RecordKind.Teacher).Count, percent);
        var change = Overrides.NextChange();
        var capture = new ChangeCapture(roster);
        for (var i = 0; i < count; i++)
            capture.TouchNew(Overrides.Add(RecordKind.Teacher,
                LiveSchool(DeterministicHash.Pick(Layout.Seed, i, 7000 + change, Layout.Schools)), [], Now).Ordinal);
        capture.Publish(events, Now);
        return count;
    }

    /// <summary>Changes the last name of a share of the people of a type.</summary>
    public int UpdateNames(string type, double percent)
    {
        var picked = PickLive(KindOf(type), percent);
        Recorded(picked, () => { foreach (var ordinal in picked) Overrides.Rename(ordinal, Now); });
        return picked.Count;
    }

    /// <summary>Changes the e-mail address of a share of the people of a type (people without one keep none).</summary>
    public int UpdateEmails(string type, double percent)
    {
        var picked = PickLive(KindOf(type), percent);
        Recorded(picked, () => { foreach (var ordinal in picked) Overrides.ChangeEmail(ordinal, Now); });
        return picked.Count;
    }

    /// <summary>
    /// A data-entry slip in the district's SIS: the first live person of a type gets a first name, middle name, e-mail
    /// and SIS id far longer than any real one (1,000 characters each). Returns that person's Clever id.
    /// </summary>
    public string StretchFields(string type)
    {
        var ordinal = Live(KindOf(type))[0];
        Recorded([ordinal], () => Overrides.Stretch(ordinal, Now));
        return roster.IdOf(ordinal);
    }

    /// <summary>Removes a share of the records of a type (they vanish from lists; single GETs answer 404).</summary>
    public int RemovePercent(string type, double percent)
    {
        var picked = PickLive(KindOf(type), percent);
        Recorded(picked, () => { foreach (var ordinal in picked) Overrides.Remove(ordinal, Now); });
        return picked.Count;
    }

    /// <summary>
    /// Role changes: a share of the teachers has its staff role switched (a teacher becomes also a school admin, or a
    /// teacher-leader stops being one). Only teachers hold a role that can come and go without them leaving.
    /// </summary>
    public int ChangeRoles(string type, double percent)
    {
        if (KindOf(type) != RecordKind.Teacher)
            throw new ArgumentException("Only teachers' roles change (their staff role).", nameof(type));
        var picked = PickLive(RecordKind.Teacher, percent);
        Recorded(picked, () => { foreach (var ordinal in picked) Overrides.ToggleStaff(ordinal, Now); });
        return picked.Count;
    }

    /// <summary>Removes a school with its sections and the students, teachers and staff whose primary school it is.</summary>
    public SchoolRemoval RemoveSchool(string schoolId)
    {
        var ordinal = roster.OrdinalOf(schoolId);
        if (roster.ActiveKindOf(ordinal) != RecordKind.School) throw new ArgumentException($"No live school {schoolId}.", nameof(schoolId));
        var school = (int)(ordinal - Layout.StartOf(RecordKind.School));
        var sections = roster.SectionOrdinalsOfSchool(school);
        var people = new Dictionary<RecordKind, List<long>>
        {
            [RecordKind.Student] = PrimaryAt(school, RecordKind.Student),
            [RecordKind.Teacher] = PrimaryAt(school, RecordKind.Teacher),
            [RecordKind.Staff] = PrimaryAt(school, RecordKind.Staff),
        };
        Recorded([ordinal, .. sections, .. people.Values.SelectMany(p => p)], () =>
        {
            Overrides.Remove(ordinal, Now);
            foreach (var section in sections) Overrides.Remove(section, Now);
            foreach (var list in people.Values)
                foreach (var person in list) Overrides.Remove(person, Now);
        });
        return new SchoolRemoval(1, sections.Length, people[RecordKind.Student].Count, people[RecordKind.Teacher].Count,
            people[RecordKind.Staff].Count);
    }

    /// <summary>Brings back everything removed (people, sections, schools) and ends an emptied roster; returns how many records came
    /// back.</summary>
    public int RestoreRemoved()
    {
        Overrides.RosterEmptied = false;
        var count = 0;
        Recorded(Overrides.RemovedOrdinals(), () => count = Overrides.RestoreAll(Now));
        return count;
    }

    /// <summary>The district's SIS sent nothing: every list answers with no records (for every token) until
    /// <see cref="RestoreRemoved"/>.</summary>
    public void EmptyRoster() => Overrides.RosterEmptied = true;

    /// <summary>Runs a change on <paramref name="ordinals"/> and records the events of everything it altered.</summary>
    private void Recorded(IEnumerable<long> ordinals, Action change)
    {
        var capture = new ChangeCapture(roster);
        foreach (var ordinal in ordinals) capture.TouchWithDependents(ordinal);
        change();
        capture.Publish(events, Now);
    }

    private static int CountOf(int live, double percent) =>
        (int)Math.Round(live * percent / 100.0, MidpointRounding.AwayFromZero);

    private List<long> Live(RecordKind kind) => roster.OrdinalsAfter([kind], UserRoles.None, -1).ToList();

    private List<long> PickLive(RecordKind kind, double percent)
    {
        var live = Live(kind);
        var change = Overrides.NextChange();
        return live
            .OrderBy(o => DeterministicHash.Of(Layout.Seed, o, 9000 + change))
            .Take(CountOf(live.Count, percent))
            .Order()
            .ToList();
    }

    private List<long> PrimaryAt(int school, RecordKind kind) =>
        roster.UserOrdinalsOfSchool(school, kind switch
        {
            RecordKind.Student => UserRoles.Student,
            RecordKind.Teacher => UserRoles.Teacher,
            _ => UserRoles.Staff,
        })
            .Where(o => roster.Resolve(o)!.Value.Kind == kind && roster.SchoolIndexesOf(o, kind)[0] == school)
            .ToList();

    private int LiveSchool(int preferred)
    {
        for (var i = 0; i < Layout.Schools; i++)
        {
            var school = (preferred + i) % Layout.Schools;
            if (roster.IsActive(Layout.OrdinalOf(RecordKind.School, school))) return school;
        }
        return preferred;
    }

    private static RecordKind KindOf(string type) => type switch
    {
        "student" or "students" => RecordKind.Student,
        "teacher" or "teachers" => RecordKind.Teacher,
        "staff" => RecordKind.Staff,
        "district_admin" => RecordKind.DistrictAdmin,
        "contact" or "contacts" => RecordKind.Contact,
        "section" or "sections" => RecordKind.Section,
        _ => throw new ArgumentException($"Unknown record type '{type}'.", nameof(type)),
    };
}
