using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>
/// Turns a folded night of events into the planner's change set, so events mode runs the same comparer, validation,
/// planner, licence pre-flight, threshold and apply as a full sync. What no event touched is what Clever still has
/// as Twig holds it: marked seen on the index and counted unchanged. Deleted records are left unseen, so the planner
/// deactivates them as it does records a full sync no longer finds. Every event carries its record whole, so a changed
/// section brings its complete membership and the comparer decides its enrollments as in a full sync.
/// </summary>
/// <summary>Where building the change set went: Twig's schools, the walk over the index, the enrollment counts, the night's records.</summary>
public sealed record EventChangesTimings(TimeSpan Schools, TimeSpan IndexWalk, TimeSpan EnrollmentCounts, TimeSpan Records);

public static class EventChanges
{
    /// <summary>A person's roles in the order a full sync reads them: student identifiers are read last and win.</summary>
    private static readonly PersonRoles[] RoleOrder = [PersonRoles.Teacher, PersonRoles.SchoolAdmin, PersonRoles.DistrictAdmin, PersonRoles.Student];

    public static async Task<CleverChanges> BuildAsync(CleverChangeSet night, RosterIndex index, TwigDb db, int districtId, CancellationToken ct,
        Action<EventChangesTimings>? timings = null)
    {
        var started = Stopwatch.GetTimestamp();
        var changes = new CleverChanges();
        await SchoolsAsync(night, changes, db, districtId, ct);
        var schoolsRead = Stopwatch.GetTimestamp();

        index.ResetSeen();
        foreach (var key in index.People.Keys)
        {
            ref var person = ref RosterIndex.Find(index.People, key);
            if (!person.IsActive || night.Users.ContainsKey(key)) continue;
            person.Seen = true;
            changes.UnchangedPeople++;
            if (person.IsStudent) changes.Students++;
        }
        var touchedSections = new List<int>();
        foreach (var key in index.Sections.Keys)
        {
            ref var section = ref RosterIndex.Find(index.Sections, key);
            if (night.Sections.ContainsKey(key))
            {
                touchedSections.Add(section.Id);
                continue;
            }
            if (!section.IsActive) continue;
            section.Seen = true;
            changes.UnchangedSections++;
        }
        var walked = Stopwatch.GetTimestamp();
        (changes.ActiveEnrollmentsBefore, changes.UnchangedEnrollments) = await ActiveEnrollmentsAsync(db, districtId, index.ActiveEnrollments, touchedSections, ct);
        var counted = Stopwatch.GetTimestamp();

        // People first: a section's members are checked against who Clever shares, as in a full sync.
        var compare = new RosterComparer(index, changes);
        foreach (var (_, user) in night.Users)
            if (!user.Deleted && Person(changes, user.Last) is { } person) compare.Person(person);
        KeepUnknownMembers(night, index, changes);
        foreach (var (_, section) in night.Sections)
            if (!section.Deleted) Section(changes, compare, section.Last);
        timings?.Invoke(new EventChangesTimings(Stopwatch.GetElapsedTime(started, schoolsRead), Stopwatch.GetElapsedTime(schoolsRead, walked),
            Stopwatch.GetElapsedTime(walked, counted), Stopwatch.GetElapsedTime(counted)));
        return changes;
    }

    /// <summary>
    /// A section may name someone Twig never held and no event of the night mentions: almost always a person Clever sends
    /// without a name, whom a full sync skips and whose enrollments it keeps as they are (none, here). Events cannot tell
    /// that person from one Clever does not share, so they are treated as the full sync treats the common case, and
    /// the weekly reconciliation reports any difference as drift.
    /// </summary>
    private static void KeepUnknownMembers(CleverChangeSet night, RosterIndex index, CleverChanges changes)
    {
        var skipped = changes.Skipped[RosterEntityType.Person];
        foreach (var (_, section) in night.Sections)
        {
            if (section.Deleted) continue;
            foreach (var id in (section.Last.Students ?? []).Concat(section.Last.Teachers ?? []).Append(section.Last.Teacher ?? ""))
                if (!string.IsNullOrWhiteSpace(id) && !night.Users.ContainsKey(id.Trim()) && !index.People.ContainsKey(id.Trim()))
                    skipped.Add(id.Trim());
        }
    }

    /// <summary>Twig's active Clever schools as they were applied, with the night's school events on top.</summary>
    private static async Task SchoolsAsync(CleverChangeSet night, CleverChanges changes, TwigDb db, int districtId, CancellationToken ct)
    {
        var schools = await db.Schools.AsNoTracking()
            .Where(s => s.DistrictId == districtId && s.Source == RosterSource.Clever && s.IsActive)
            .Select(s => new SchoolRecord(s.ExternalId, s.Name, s.SisId, s.SchoolNumber, s.LowGrade, s.HighGrade))
            .ToListAsync(ct);
        foreach (var school in schools) changes.Schools[school.Id] = school;
        foreach (var (id, school) in night.Schools)
        {
            changes.Schools.Remove(id);
            if (!school.Deleted) School(changes, school.Last);
        }
    }

    /// <summary>
    /// The district's active Clever enrollments (counted with the index when the run asked it to: that count reads the
    /// district's whole enrollment table and was most of this step), and those of them outside <paramref name="sections"/>.
    /// </summary>
    private static async Task<(int Active, int Outside)> ActiveEnrollmentsAsync(TwigDb db, int districtId, int? counted, List<int> sections,
        CancellationToken ct)
    {
        const string active = """SELECT COUNT(*) FROM "Enrollments" WHERE "DistrictId"=@d AND "Source"=@s AND "IsActive"=1""";
        var total = counted ?? 0;
        var inside = 0;
        await using var reader = new RosterReader(db, districtId);
        if (counted is null) await reader.ReadAsync(active, r => total = r.GetInt32(0), ct);
        // By section ids only (they are this district's): with "DistrictId" in the filter too, SQLite walks the district's
        // index for every chunk, reading all of its enrollments again, instead of the section index's few rows.
        await reader.ReadInAsync("""SELECT COUNT(*) FROM "Enrollments" WHERE "Source"=@s AND "IsActive"=1 AND "SectionId" IN ({0})""", sections,
            r => inside += r.GetInt32(0), ct);
        return (total, total - inside);
    }

    private static void School(CleverChanges roster, CleverSchoolPayload school)
    {
        const RosterEntityType type = RosterEntityType.School;
        if (string.IsNullOrWhiteSpace(school.Id)) return;
        if (string.IsNullOrWhiteSpace(school.Name))
        {
            roster.Skipped[type].Add(school.Id);
            roster.Warn(type, school.Id, "name", "School has no name; skipped, its existing copy is left as it is.");
            return;
        }
        if (!CleverLengths.IdFits(roster, type, school.Id)) return;
        roster.Schools[school.Id] = new SchoolRecord(school.Id,
            CleverLengths.Name(roster, type, school.Id, "name", school.Name.Trim(), Limits.SchoolName),
            CleverLengths.Optional(roster, type, school.Id, "sis_id", Clean(school.SisId), Limits.SchoolSisId),
            CleverLengths.Optional(roster, type, school.Id, "school_number", Clean(school.SchoolNumber), Limits.SchoolNumber),
            CleverLengths.Optional(roster, type, school.Id, "low_grade", Clean(school.LowGrade), Limits.SchoolGrade),
            CleverLengths.Optional(roster, type, school.Id, "high_grade", Clean(school.HighGrade), Limits.SchoolGrade));
    }

    /// <summary>
    /// A user event's object holds every role at once (a full sync reads one listing per role and merges them the same
    /// way). Null when the user holds no role Twig keeps (a contact) or was skipped; a skipped user keeps its state.
    /// </summary>
    private static PersonRecord? Person(CleverChanges roster, CleverUserPayload user)
    {
        const RosterEntityType type = RosterEntityType.Person;
        if (string.IsNullOrWhiteSpace(user.Id)) return null;
        var roles = RoleOrder.Where(r => Details(user, r) is not null).ToList();
        if (roles.Count == 0) return null;
        var missing = string.IsNullOrWhiteSpace(user.Name?.First) ? "name.first" : string.IsNullOrWhiteSpace(user.Name?.Last) ? "name.last" : null;
        if (missing is not null)
        {
            if (roster.Skipped[type].Add(user.Id))
                roster.Warn(type, user.Id, missing, $"Person has no {(missing == "name.first" ? "first" : "last")} name; skipped, their existing copy is left as it is.");
            return null;
        }
        if (!CleverLengths.IdFits(roster, type, user.Id)) return null;
        var person = new PersonRecord(user.Id)
        {
            FirstName = CleverLengths.Name(roster, type, user.Id, "name.first", user.Name!.First!.Trim(), Limits.FirstName),
            MiddleName = CleverLengths.Optional(roster, type, user.Id, "name.middle", Clean(user.Name.Middle), Limits.MiddleName),
            LastName = CleverLengths.Name(roster, type, user.Id, "name.last", user.Name.Last!.Trim(), Limits.LastName),
            Email = CleverLengths.Optional(roster, type, user.Id, "email", Clean(user.Email), Limits.Email),
        };
        foreach (var role in roles)
        {
            person.Roles |= role;
            var details = Details(user, role)!;
            var sisId = CleverLengths.Optional(roster, type, user.Id, "sis_id", Clean(details.SisId), Limits.PersonSisId);
            var stateId = CleverLengths.Optional(roster, type, user.Id, "state_id", Clean(details.StateId), Limits.StateId);
            if (role == PersonRoles.Student || person.SisId is null) person.SisId = sisId ?? person.SisId;
            if (role == PersonRoles.Student || person.StateId is null) person.StateId = stateId ?? person.StateId;
            if (role == PersonRoles.Student)
            {
                person.StudentNumber = CleverLengths.Optional(roster, type, user.Id, "student_number", Clean(details.StudentNumber), Limits.StudentNumber);
                person.Grade = CleverLengths.Optional(roster, type, user.Id, "grade", Clean(details.Grade), Limits.PersonGrade);
            }
            if (Clean(details.School) is { } primary) person.SchoolIds.Add(primary);
            foreach (var school in details.Schools ?? []) if (Clean(school) is { } id) person.SchoolIds.Add(id);
        }
        return person;
    }

    private static CleverRolePayload? Details(CleverUserPayload user, PersonRoles role) => role switch
    {
        PersonRoles.Student => user.Roles?.Student,
        PersonRoles.Teacher => user.Roles?.Teacher,
        PersonRoles.SchoolAdmin => user.Roles?.Staff,
        _ => user.Roles?.DistrictAdmin,
    };

    private static void Section(CleverChanges roster, RosterComparer compare, CleverSectionPayload section)
    {
        const RosterEntityType type = RosterEntityType.Section;
        if (string.IsNullOrWhiteSpace(section.Id)) return;
        if (string.IsNullOrWhiteSpace(section.Name))
        {
            roster.Skipped[type].Add(section.Id);
            roster.Warn(type, section.Id, "name", "Section has no name; skipped, its existing copy is left as it is.");
            return;
        }
        if (!CleverLengths.IdFits(roster, type, section.Id)) return;
        var teachers = new List<string>();
        if (Clean(section.Teacher) is { } primary) teachers.Add(primary);
        foreach (var teacher in section.Teachers ?? []) if (Clean(teacher) is { } id && !teachers.Contains(id)) teachers.Add(id);
        var record = new SectionRecord(section.Id, Clean(section.School),
            CleverLengths.Name(roster, type, section.Id, "name", section.Name.Trim(), Limits.SectionName),
            CleverLengths.Optional(roster, type, section.Id, "subject", Clean(section.Subject), Limits.Subject),
            CleverLengths.Optional(roster, type, section.Id, "grade", Clean(section.Grade), Limits.SectionGrade),
            CleverLengths.Optional(roster, type, section.Id, "period", Clean(section.Period), Limits.Period),
            CleverLengths.Optional(roster, type, section.Id, "sis_id", Clean(section.SisId), Limits.SectionSisId),
            [], []);
        compare.Section(record, teachers, (section.Students ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal));
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The column lengths the values must fit, from the model (the same the full sync's reader uses).</summary>
    private static class Limits
    {
        public static readonly int SchoolName = ColumnLimits.Of<Domain.School>(nameof(Domain.School.Name));
        public static readonly int SchoolSisId = ColumnLimits.Of<Domain.School>(nameof(Domain.School.SisId));
        public static readonly int SchoolNumber = ColumnLimits.Of<Domain.School>(nameof(Domain.School.SchoolNumber));
        public static readonly int SchoolGrade = Math.Min(ColumnLimits.Of<Domain.School>(nameof(Domain.School.LowGrade)), ColumnLimits.Of<Domain.School>(nameof(Domain.School.HighGrade)));
        public static readonly int FirstName = ColumnLimits.Of<Domain.Person>(nameof(Domain.Person.FirstName));
        public static readonly int MiddleName = ColumnLimits.Of<Domain.Person>(nameof(Domain.Person.MiddleName));
        public static readonly int LastName = ColumnLimits.Of<Domain.Person>(nameof(Domain.Person.LastName));
        public static readonly int Email = Math.Min(ColumnLimits.Of<Domain.Person>(nameof(Domain.Person.Email)), ColumnLimits.Of<Domain.Person>(nameof(Domain.Person.NormalizedEmail)));
        public static readonly int PersonSisId = ColumnLimits.Of<Domain.Person>(nameof(Domain.Person.SisId));
        public static readonly int StateId = ColumnLimits.Of<Domain.Person>(nameof(Domain.Person.StateId));
        public static readonly int StudentNumber = ColumnLimits.Of<Domain.Person>(nameof(Domain.Person.StudentNumber));
        public static readonly int PersonGrade = ColumnLimits.Of<Domain.Person>(nameof(Domain.Person.Grade));
        public static readonly int SectionName = ColumnLimits.Of<Domain.Section>(nameof(Domain.Section.Name));
        public static readonly int Subject = ColumnLimits.Of<Domain.Section>(nameof(Domain.Section.Subject));
        public static readonly int SectionGrade = ColumnLimits.Of<Domain.Section>(nameof(Domain.Section.Grade));
        public static readonly int Period = ColumnLimits.Of<Domain.Section>(nameof(Domain.Section.Period));
        public static readonly int SectionSisId = ColumnLimits.Of<Domain.Section>(nameof(Domain.Section.SisId));
    }
}
