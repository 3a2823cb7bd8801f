using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
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
/// <summary>Where building the change set went: Twig's schools, the walk over the index, the enrollment counts, the night's
/// records. The counts run beside the walk and the records, so the four add up to more than the build took.</summary>
public sealed record EventChangesTimings(TimeSpan Schools, TimeSpan IndexWalk, TimeSpan EnrollmentCounts, TimeSpan Records);

public static class EventChanges
{
    /// <summary>A person's roles in the order a full sync reads them: student identifiers are read last and win.</summary>
    private static readonly PersonRoles[] RoleOrder =
        [PersonRoles.Teacher, PersonRoles.SchoolAdmin, PersonRoles.DistrictAdmin, PersonRoles.Student];

    /// <param name="prefetch">Reads the touched sections' enrollments for the counts and the planner at once (SQLite).</param>
    public static async Task<CleverChanges> BuildAsync(CleverChangeSet night, RosterIndex index, TwigDb db, int districtId,
        CancellationToken ct, Action<EventChangesTimings>? timings = null, EnrollmentPrefetch? prefetch = null)
    {
        var started = Stopwatch.GetTimestamp();
        var changes = new CleverChanges { Prefetch = prefetch };
        WarnUnknownTypes(night, changes);
        await SchoolsAsync(night, changes, db, districtId, ct);
        var schoolsRead = Stopwatch.GetTimestamp();

        // The enrollment counts only read the database and the walk and records only Twig's index and the night, so the
        // counts run on a pool thread beside them (nothing else uses the context until they are awaited).
        var touchedSections = new List<int>(night.Sections.Count);
        foreach (var key in night.Sections.Keys)
        {
            ref var section = ref RosterIndex.Find(index.Sections, key);
            if (!Unsafe.IsNullRef(ref section)) touchedSections.Add(section.Id);
        }
        if (prefetch is not null && index.ActiveEnrollments is { } known) prefetch.UseCount(known);
        prefetch?.Read(touchedSections);
        var counting = Task.Run(() => ActiveEnrollmentsAsync(db, districtId, index.ActiveEnrollments, touchedSections, prefetch, ct), ct);
        TimeSpan walk, records;
        try
        {
            Walk(night, index, changes);
            var walked = Stopwatch.GetTimestamp();
            walk = Stopwatch.GetElapsedTime(schoolsRead, walked);

            // People first: a section's members are checked against who Clever shares, as in a full sync.
            var compare = new RosterComparer(index, changes);
            foreach (var (_, user) in night.Users)
                if (!user.Deleted && Person(changes, user.Last) is { } person) compare.Person(person);
            KeepUnknownMembers(night, index, changes);
            foreach (var (_, section) in night.Sections)
                if (!section.Deleted) CleverRecords.Section(changes, compare, section.Last);
            records = Stopwatch.GetElapsedTime(walked);
        }
        catch (Exception)
        {
            // The context is not handed back while the counts still use it; their own failure, if any, is not the one reported.
            await Task.WhenAny(counting);
            _ = counting.Exception;
            throw;
        }
        var (active, outside, counted) = await counting;
        changes.ActiveEnrollmentsBefore = active;
        changes.UnchangedEnrollments += outside;
        timings?.Invoke(new EventChangesTimings(Stopwatch.GetElapsedTime(started, schoolsRead), walk, counted, records));
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
            foreach (var id in section.Last.Students ?? []) Check(id);
            foreach (var id in section.Last.Teachers ?? []) Check(id);
            Check(section.Last.Teacher);
        }

        // Twig's index first: it holds almost every member, so most ids are looked up once.
        void Check(string? id)
        {
            if (string.IsNullOrWhiteSpace(id)) return;
            var trimmed = id.Trim();
            if (!index.People.ContainsKey(trimmed) && !night.Users.ContainsKey(trimmed)) skipped.Add(trimmed);
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
    /// The district's active Clever enrollments (counted with the index when the run asked it to: that count reads the
    /// district's whole enrollment table), those of them outside <paramref name="sections"/>, and how long the counts took.
    /// With a prefetch, the sections' enrollments are read once, for these counts and for the planner.
    /// </summary>
    private static async Task<(int Active, int Outside, TimeSpan Took)> ActiveEnrollmentsAsync(TwigDb db, int districtId, int? counted,
        List<int> sections, EnrollmentPrefetch? prefetch, CancellationToken ct)
    {
        const string active = """SELECT COUNT(*) FROM "Enrollments" WHERE "DistrictId"=@d AND "Source"=@s AND "IsActive"=1""";
        var started = Stopwatch.GetTimestamp();
        if (prefetch is not null && await prefetch.TakeAsync() is { } read)
        {
            var activeInside = 0;
            for (var i = 4; i < read.Rows.Count; i += 5) if (read.Rows[i] != 0) activeInside++;
            return (read.ActiveEnrollments, read.ActiveEnrollments - activeInside, Stopwatch.GetElapsedTime(started));
        }
        var total = counted ?? 0;
        var inside = 0;
        await using var reader = new RosterReader(db, districtId);
        if (counted is null) await reader.ReadAsync(active, r => total = r.GetInt32(0), ct);
        // By section ids only (they are this district's): with "DistrictId" in the filter too, SQLite walks the district's
        // index for every chunk, reading all of its enrollments again, instead of the section index's few rows.
        await reader.ReadInAsync("""SELECT COUNT(*) FROM "Enrollments" WHERE "Source"=@s AND "IsActive"=1 AND "SectionId" IN ({0})""",
            sections, r => inside += r.GetInt32(0), ct);
        return (total, total - inside, Stopwatch.GetElapsedTime(started));
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
