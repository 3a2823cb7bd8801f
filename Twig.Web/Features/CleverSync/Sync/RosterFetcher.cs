using System.Runtime.CompilerServices;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Fetches every page of every collection a sync needs, validates each record as it arrives and hands it, complete, to
/// the <see cref="RosterComparer"/>, which keeps only what differs from Twig's copy. Any failure (after the client's
/// retries) throws: a partial change set is never planned or applied.
/// </summary>
public sealed class RosterFetcher(CleverApiClient clever, ILogger<RosterFetcher> logger)
{
    /// <summary>
    /// Students come last: a person listed under several roles is complete only once every listing is read, and the few
    /// thousand staff are held until then, while each of the hundreds of thousands of students (almost all listed once)
    /// is compared as soon as it arrives. The order of the other roles is the order their identifiers win in.
    /// </summary>
    private static readonly (string Role, PersonRoles Twig)[] UserRoles =
    [
        ("teacher", PersonRoles.Teacher),
        ("staff", PersonRoles.SchoolAdmin),
        ("district_admin", PersonRoles.DistrictAdmin),
        ("student", PersonRoles.Student),
    ];

    /// <param name="twig">Twig's copy, loading meanwhile; needed once the schools are read.</param>
    /// <param name="prefetch">Given the sections whose membership changed, page by page; the caller disposes it.</param>
    public async Task<CleverChanges> FetchAsync(string token, Task<RosterIndex> twig, ISyncProgress progress, CancellationToken ct,
        EnrollmentPrefetch? prefetch = null)
    {
        var changes = new CleverChanges { Prefetch = prefetch };
        var buffers = new CleverPageBuffers();
        var timings = new FetchTimings();

        await progress.PhaseAsync(SyncPhase.FetchingSchools);
        timings.CollectionStarts();
        await foreach (var page in clever.PagesAsync(token, CleverApiClient.SchoolsPath, progress.Fetched, ct, buffers: buffers))
        {
            timings.PageArrived();
            for (var i = 0; i < page.Count; i++) CleverRecords.School(changes,
                CleverApiClient.Read(page.Record(i), CleverJson.Default.CleverSchoolPayload));
            timings.PageDone();
        }
        timings.Steps.Mark("schools", changes.Schools.Count);

        await progress.PhaseAsync(SyncPhase.FetchingPeople);
        var fetched = 0;
        var staff = new Dictionary<string, PersonRecord>(StringComparer.Ordinal);
        // Twig's index is awaited only for the students: the staff roles are read and kept (they need no index) while it
        // finishes loading.
        var comparing = ComparerAsync(twig, changes, staff, timings);
        foreach (var (role, twigRole) in UserRoles)
        {
            var before = fetched;
            // Students are compared with Twig's index: each listing is read as its page is indexed (one pass over its bytes),
            // and an unchanged one is only marked here. Their first page is asked for at once; if the index is still loading,
            // the page is received meanwhile and indexed once it is ready.
            var notes = twigRole == PersonRoles.Student ? new UnchangedNotes(NotesReaderAsync(comparing, staff), sections: false) : null;
            timings.CollectionStarts();
            await foreach (var page in clever.PagesAsync(token, CleverApiClient.UsersPath(role), n => progress.Fetched(before + n), ct,
                               notes, buffers))
            {
                timings.PageArrived();
                fetched += page.Count;
                if (twigRole != PersonRoles.Student) Staff(page, twigRole, changes, staff);
                else
                {
                    var (compare, streamed) = await comparing;
                    Students(page, changes, compare, staff, streamed);
                }
                timings.PageDone();
            }
            timings.Steps.Mark(role, fetched - before);
        }
        var (comparer, records) = await comparing;
        foreach (var person in staff.Values) comparer.Person(person);

        await progress.PhaseAsync(SyncPhase.FetchingSections);
        var sectionNotes = new UnchangedNotes(new StreamedRecords(comparer, staff), sections: true);
        var sections = 0;
        var index = await twig;
        var prefetched = changes.Sections.Count;
        timings.CollectionStarts();
        await foreach (var page in clever.PagesAsync(token, CleverApiClient.SectionsPath, progress.Fetched, ct, sectionNotes, buffers))
        {
            timings.PageArrived();
            sections += page.Count;
            for (var i = 0; i < page.Count; i++)
            {
                if (page.Note(i) is { Key: { } key, Count: var enrollments }) records.UnchangedSection(key, enrollments);
                else if (!records.Section(page.Record(i)))
                    CleverRecords.Section(changes, comparer, CleverApiClient.Read(page.Record(i), CleverJson.Default.CleverSectionPayload));
            }
            if (prefetch is not null) prefetch.Read(MembershipChanged(changes.Sections, ref prefetched, index));
            timings.PageDone();
        }
        timings.Steps.Mark("sections", sections);
        logger.LogInformation("Fetch of {Records} records: {Timings}", fetched + sections + changes.Schools.Count, timings.ToString());
        return changes;
    }

    /// <summary>
    /// Twig ids of the sections Twig holds whose membership changed, of those added to the change set since <paramref name="from"/>
    /// (moved to its end).
    /// </summary>
    private static List<int> MembershipChanged(List<SectionRecord> changed, ref int from, RosterIndex index)
    {
        var ids = new List<int>();
        for (; from < changed.Count; from++)
        {
            if (!changed[from].MembershipChanged) continue;
            ref var existing = ref RosterIndex.Find(index.Sections, changed[from].Id);
            if (!Unsafe.IsNullRef(ref existing)) ids.Add(existing.Id);
        }
        return ids;
    }

    /// <summary>Twig's index, once loaded, with the comparer and the streamed reader over it.</summary>
    private static async Task<(RosterComparer Compare, StreamedRecords Streamed)> ComparerAsync(Task<RosterIndex> twig,
        CleverChanges changes, Dictionary<string, PersonRecord> staff, FetchTimings timings)
    {
        var index = await twig;
        timings.IndexReady();
        index.ResetSeen();
        var compare = new RosterComparer(index, changes);
        return (compare, new StreamedRecords(compare, staff));
    }

    /// <summary>A reader of the fast path's own for the page reader's thread (the fetcher's is busy with the page before).</summary>
    private static async Task<StreamedRecords> NotesReaderAsync(Task<(RosterComparer Compare, StreamedRecords Streamed)> comparing,
        Dictionary<string, PersonRecord> staff) => new((await comparing).Compare, staff);

    /// <summary>One page of a staff role's listings, kept until every listing of the person is read.</summary>
    private static void Staff(CleverPageBuffer page, PersonRoles twigRole, CleverChanges changes, Dictionary<string, PersonRecord> staff)
    {
        for (var i = 0; i < page.Count; i++)
            CleverRecords.Listing(changes, staff, CleverApiClient.Read(page.Record(i), CleverJson.Default.CleverUserPayload), twigRole);
    }

    /// <summary>
    /// One page of student listings. They take the streamed path (<see cref="StreamedRecords"/>); what it leaves is
    /// deserialised (source-generated) and added as before.
    /// </summary>
    private static void Students(CleverPageBuffer page, CleverChanges changes, RosterComparer compare,
        Dictionary<string, PersonRecord> staff, StreamedRecords streamed)
    {
        const PersonRoles student = PersonRoles.Student;
        for (var i = 0; i < page.Count; i++)
        {
            if (page.Note(i).Key is { } key && streamed.UnchangedStudent(key)) continue;
            if (streamed.Student(page.Record(i))) continue;
            var user = CleverApiClient.Read(page.Record(i), CleverJson.Default.CleverUserPayload);
            if (string.IsNullOrWhiteSpace(user.Id) || staff.ContainsKey(user.Id)) CleverRecords.Listing(changes, staff, user, student);
            else if (changes.People.ContainsKey(user.Id))
                CleverRecords.Listing(changes, changes.People, user, student); // listed twice (paging can): merged like a multi-role person
            else if (CleverRecords.Listing(changes, null, user, student) is { } listed)
                compare.Person(listed);
        }
    }
}
