using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>Where building the change set went: Twig's schools, the walk over the index, the enrollment counts, the night's
/// records.</summary>
public sealed record EventChangesTimings(TimeSpan Schools, TimeSpan IndexWalk, TimeSpan EnrollmentCounts, TimeSpan Records);

/// <summary>
/// Turns a folded night of events into the planner's change set, so events mode runs the same comparer, validation,
/// planner, licence pre-flight, threshold and apply as a full sync. What no event touched is what Clever still has
/// as Twig holds it: marked seen on the index and counted unchanged. Deleted records are left unseen, so the planner
/// deactivates them as it does records a full sync no longer finds. Every event carries its record whole, so a changed
/// section brings its complete membership; when its members before the night (its first event's object and old values)
/// hash to what Twig applied, only who joined and who left are compared (<see cref="MembershipDelta"/>), otherwise all of
/// its enrollments are, as in a full sync.
/// </summary>
public static class EventChanges
{
    /// <summary>A person's roles in the order a full sync reads them: student identifiers are read last and win.</summary>
    private static readonly PersonRoles[] RoleOrder =
        [PersonRoles.Teacher, PersonRoles.SchoolAdmin, PersonRoles.DistrictAdmin, PersonRoles.Student];

    public static async Task<CleverChanges> BuildAsync(CleverChangeSet night, RosterIndex index, TwigDb db, int districtId,
        CancellationToken ct, Action<EventChangesTimings>? timings = null)
    {
        var started = Stopwatch.GetTimestamp();
        var changes = new CleverChanges();
        WarnUnknownTypes(night, changes);
        await SchoolsAsync(night, changes, db, districtId, ct);
        var schoolsRead = Stopwatch.GetTimestamp();

        Walk(night, index, changes);
        var walked = Stopwatch.GetTimestamp();

        // People first: a section's members are checked against who Clever shares, as in a full sync. A section may name
        // someone Twig never held and no event of the night mentions: almost always a person Clever sends without a name,
        // whom a full sync skips and whose enrollments it keeps as they are (none, here). Events cannot tell that person
        // from one Clever does not share, so they are treated as the full sync treats the common case, and the weekly
        // reconciliation reports any difference as drift.
        var compare = new RosterComparer(index, changes)
        {
            Verified = new VerifiedMemberships(),
            KeepsUnknown = id => id.Trim() is var trimmed && !index.People.ContainsKey(trimmed) && !night.Users.ContainsKey(trimmed),
        };
        foreach (var (_, user) in night.Users)
            if (!user.Deleted && Person(changes, user.Last) is { } person) compare.Person(person);
        var known = index.People.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (id, section) in night.Sections)
            if (!section.Deleted) CleverRecords.Section(changes, compare, section.Last, night.MembersBefore(id, known));
        var compared = Stopwatch.GetTimestamp();

        // Every active enrollment outside the night's sections is unchanged; inside them, the comparer counted those the
        // stored hashes vouch for, and the rest are counted here (or planned one by one).
        var outside = await OutsideAsync(night, index, compare.Verified, db, districtId, ct);
        changes.ActiveEnrollmentsBefore = outside.Active;
        changes.UnchangedEnrollments += outside.Unchanged;
        timings?.Invoke(new EventChangesTimings(Stopwatch.GetElapsedTime(started, schoolsRead),
            Stopwatch.GetElapsedTime(schoolsRead, walked), Stopwatch.GetElapsedTime(compared), Stopwatch.GetElapsedTime(walked, compared)));
        return changes;
    }

    /// <summary>Event types Twig does not know are skipped, and the run says so: Clever may have added a type Twig should read.</summary>
    private static void WarnUnknownTypes(CleverChangeSet night, CleverChanges changes)
    {
        foreach (var (type, count) in night.UnknownTypes)
            changes.Warnings.Add(new SyncIssue
            {
                Severity = IssueSeverity.Warning, Field = "event type",
                Message = string.Create(CultureInfo.InvariantCulture,
                    $"Clever sent {count:N0} event{(count == 1 ? "" : "s")} of type \"{ColumnLimits.Clip(type, 60)}\", which Twig does " +
                    $"not read; skipped."),
            });
    }

    /// <summary>
    /// What no event touched is as Twig holds it: active people and sections the night did not mention are marked seen and
    /// counted unchanged.
    /// </summary>
    private static void Walk(CleverChangeSet night, RosterIndex index, CleverChanges changes)
    {
        index.ResetSeen();
        foreach (var key in index.People.Keys)
        {
            ref var person = ref RosterIndex.Find(index.People, key);
            if (!person.IsActive || night.Users.ContainsKey(key)) continue;
            person.Seen = true;
            changes.UnchangedPeople++;
            if (person.IsStudent) changes.Students++;
        }
        foreach (var key in index.Sections.Keys)
        {
            ref var section = ref RosterIndex.Find(index.Sections, key);
            if (!section.IsActive || night.Sections.ContainsKey(key)) continue;
            section.Seen = true;
            changes.UnchangedSections++;
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
            if (!school.Deleted) CleverRecords.School(changes, school.Last);
        }
    }

    /// <summary>
    /// The district's active Clever enrollments (already counted with the index when the run asked it to: that count reads
    /// the district's whole enrollment table), and those of them outside the night's sections: every section the night
    /// touched counts as inside, by the comparer's count where the stored hash vouches for it, by a count here otherwise.
    /// </summary>
    private static async Task<(int Active, int Unchanged)> OutsideAsync(CleverChangeSet night, RosterIndex index,
        VerifiedMemberships verified, TwigDb db, int districtId, CancellationToken ct)
    {
        var counted = new List<int>();
        foreach (var key in night.Sections.Keys)
        {
            ref var section = ref RosterIndex.Find(index.Sections, key);
            if (!Unsafe.IsNullRef(ref section) && !verified.Sections.Contains(section.Id)) counted.Add(section.Id);
        }
        var total = index.ActiveEnrollments ?? 0;
        var inside = verified.ActiveEnrollments;
        await using var reader = new RosterReader(db, districtId);
        if (index.ActiveEnrollments is null)
            await reader.ReadAsync("""SELECT COUNT(*) FROM "Enrollments" WHERE "DistrictId"=@d AND "Source"=@s AND "IsActive"=1""",
                r => total = r.GetInt32(0), ct);
        // By section ids only (they are this district's): with "DistrictId" in the filter too, SQLite walks the district's
        // index for every chunk, reading all of its enrollments again, instead of the section index's few rows.
        await reader.ReadInAsync("""SELECT COUNT(*) FROM "Enrollments" WHERE "Source"=@s AND "IsActive"=1 AND "SectionId" IN ({0})""",
            counted, r => inside += r.GetInt32(0), ct);
        return (total, total - inside);
    }

    /// <summary>
    /// A user event's object holds every role at once (a full sync reads one listing per role and merges them the same
    /// way). Null when the user holds no role Twig keeps (a contact) or was skipped; a skipped user keeps its state.
    /// </summary>
    private static PersonRecord? Person(CleverChanges roster, CleverUserPayload user)
    {
        if (string.IsNullOrWhiteSpace(user.Id)) return null;
        var merged = new Dictionary<string, PersonRecord>(1, StringComparer.Ordinal);
        PersonRecord? person = null;
        foreach (var role in RoleOrder.Where(r => CleverRecords.Details(user, r) is not null))
            if ((person = CleverRecords.Listing(roster, merged, user, role)) is null) return null;
        return person;
    }
}
