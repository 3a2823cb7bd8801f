using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Writes a plan inside the caller's transaction with the <see cref="BulkWriter"/> (no change tracking), in dependency
/// order: schools, people and their school links, sections, enrollments, then deactivations.
/// </summary>
public sealed class RosterWriter(TwigDb db, BulkWriter bulk, ILogger<RosterWriter> logger)
{
    /// <summary>Up to this many new enrollments are sorted before they are written (a night's; a first sync's come in order).</summary>
    private const int NightlyEnrollments = 100_000;
    /// <summary>What an update sets besides the record's own fields: active again, and when.</summary>
    private static readonly string[] Stamps =
        [nameof(RosteredRecord.IsActive), nameof(RosteredRecord.DeactivatedAt), nameof(RosteredRecord.UpdatedAt)];
    /// <summary>What a create sets besides the record's own fields.</summary>
    private static readonly string[] Owner = [nameof(RosteredRecord.DistrictId), nameof(RosteredRecord.Source),
        nameof(RosteredRecord.ExternalId), nameof(RosteredRecord.CreatedAt)];
    private static readonly string[] SchoolColumns =
        [nameof(School.Name), nameof(School.SisId), nameof(School.SchoolNumber), nameof(School.LowGrade), nameof(School.HighGrade),
            nameof(School.RecordHash), .. Stamps];
    private static readonly string[] PersonColumns =
    [
        nameof(Person.FirstName), nameof(Person.MiddleName), nameof(Person.LastName), nameof(Person.Email), nameof(Person.NormalizedEmail),
        nameof(Person.SisId), nameof(Person.StateId), nameof(Person.StudentNumber), nameof(Person.Grade), nameof(Person.Roles),
            nameof(Person.RecordHash), .. Stamps,
    ];
    private static readonly string[] SectionColumns =
        [
        nameof(Section.SchoolId), nameof(Section.Name), nameof(Section.Subject), nameof(Section.Grade), nameof(Section.Period),
            nameof(Section.SisId),
        nameof(Section.RecordHash), nameof(Section.MembershipHash), .. Stamps,
    ];

    public async Task ApplyAsync(int districtId, SyncPlan plan, DateTime now, ISyncProgress progress, CancellationToken ct)
    {
        var total = plan.SchoolsToCreate.Count + plan.SchoolsToUpdate.Count + plan.PeopleToCreate.Count + plan.PeopleToUpdate.Count
                    + plan.PeopleWithNewSchoolLinks.Count + plan.SectionsToCreate.Count + plan.SectionsToUpdate.Count +
                    plan.SectionMembershipUpdates.Count
                    + plan.EnrollmentsToCreate.Count + plan.EnrollmentsToReactivate.Count + plan.EnrollmentPrimaryMarks.Count
                    + plan.Deactivations.Values.Sum(d => d.Count);
        await progress.PhaseAsync(SyncPhase.Applying, total);
        var steps = new StepTimings();
        var done = 0;
        var reportEvery = Math.Max(1, total / 100);
        var reported = 0;
        var writer = bulk.Open(db, ct);
        writer.Written = rows =>
        {
            done += rows;
            if (done - reported < reportEvery) return;
            reported = done;
            progress.Advanced(done);
        };

        const RosterSource clever = RosterSource.Clever;
        // Twig ids by Clever id: what the plan found, plus the rows inserted here.
        var schoolIds = plan.SchoolIds;
        var personIds = plan.PersonIds;
        var sectionIds = plan.SectionIds;
        object?[] Created(string externalId, object?[] fields) => [.. fields, true, null, now, districtId, clever, externalId, now];
        object?[] Updated(int id, object?[] fields) => [.. fields, true, null, now, id];
        (string, object)[] scope = [(nameof(RosteredRecord.DistrictId), districtId), (nameof(RosteredRecord.Source), clever)];

        foreach (var (key, id) in await writer.InsertReturningIdsAsync<School>([.. SchoolColumns, .. Owner],
                     BulkRows.Of(plan.SchoolsToCreate, s => Created(s.Id, SchoolFields(s))), nameof(School.ExternalId), scope))
            schoolIds[key] = id;
        await writer.UpdateAsync<School>(SchoolColumns, nameof(School.Id),
            BulkRows.Of(plan.SchoolsToUpdate, u => Updated(u.Id, SchoolFields(u.Record))));
        steps.Mark("schools", plan.SchoolsToCreate.Count + plan.SchoolsToUpdate.Count);

        foreach (var (key, id) in await writer.InsertReturningIdsAsync<Person>([.. PersonColumns, .. Owner,
            nameof(Person.AccessFailedCount)],
                     BulkRows.Of(plan.PeopleToCreate, p => [.. Created(p.Id, PersonFields(p)), 0]),
                         nameof(Person.ExternalId), scope))
            personIds[key] = id;
        steps.Mark("people created", plan.PeopleToCreate.Count);
        await writer.UpdateAsync<Person>(PersonColumns, nameof(Person.Id),
            BulkRows.Of(plan.PeopleToUpdate, u => Updated(u.Id, PersonFields(u.Record))));
        steps.Mark("people updated", plan.PeopleToUpdate.Count);

        await writer.DeleteWhereInAsync<PersonSchool>(nameof(PersonSchool.PersonId),
            plan.PeopleWithNewSchoolLinks.Select(p => personIds[p.Id]));
        var links = plan.PeopleWithNewSchoolLinks.SelectMany(p => p.SchoolIds.Select(school => (Person: p.Id, School: school))).ToList();
        await writer.InsertAsync<PersonSchool>([nameof(PersonSchool.PersonId), nameof(PersonSchool.SchoolId)],
            BulkRows.Of(links, link => [personIds[link.Person], schoolIds[link.School]]));
        steps.Mark("school links", plan.PeopleWithNewSchoolLinks.Count);

        foreach (var (key, id) in await writer.InsertReturningIdsAsync<Section>([.. SectionColumns, .. Owner],
                     BulkRows.Of(plan.SectionsToCreate, s => Created(s.Id, SectionFields(s))), nameof(Section.ExternalId), scope))
            sectionIds[key] = id;
        steps.Mark("sections created", plan.SectionsToCreate.Count);
        await writer.UpdateAsync<Section>(SectionColumns, nameof(Section.Id),
            BulkRows.Of(plan.SectionsToUpdate, u => Updated(u.Id, SectionFields(u.Record))));
        steps.Mark("sections updated", plan.SectionsToUpdate.Count);
        await writer.UpdateAsync<Section>([nameof(Section.MembershipHash)], nameof(Section.Id),
            BulkRows.Of(plan.SectionMembershipUpdates, u => [u.MembershipHash, u.Id]));
        steps.Mark("membership hashes", plan.SectionMembershipUpdates.Count);

        await writer.InsertAsync<Enrollment>(
            [nameof(Enrollment.DistrictId), nameof(Enrollment.Source), nameof(Enrollment.SectionId), nameof(Enrollment.PersonId),
                nameof(Enrollment.Role),
             nameof(Enrollment.IsPrimary), nameof(Enrollment.IsActive), nameof(Enrollment.CreatedAt), nameof(Enrollment.UpdatedAt)],
            // IsPrimary is sent, not left to its default: SQL Server's bulk load keeps nulls, and may load a column it is not given
            // as NULL.
            BulkRows.Of(InIndexOrder(plan.EnrollmentsToCreate), e => [districtId, clever, sectionIds[e.SectionId], personIds[e.PersonId],
                e.Role, e.IsPrimary, true, now, now]));
        steps.Mark("enrollments created", plan.EnrollmentsToCreate.Count);
        await writer.UpdateWhereInAsync<Enrollment>(RosteredRecord.Reactivation(now), nameof(Enrollment.Id), plan.EnrollmentsToReactivate);
        steps.Mark("enrollments reactivated", plan.EnrollmentsToReactivate.Count);
        await writer.UpdateAsync<Enrollment>([nameof(Enrollment.IsPrimary), nameof(Enrollment.UpdatedAt)], nameof(Enrollment.Id),
            BulkRows.Of(plan.EnrollmentPrimaryMarks, m => [m.IsPrimary, now, m.Id]));
        steps.Mark("primary teachers marked", plan.EnrollmentPrimaryMarks.Count);

        foreach (var (type, ids) in plan.Deactivations)
        {
            var deactivate = RosteredRecord.Deactivation(now);
            var deactivation = type switch
            {
                RosterEntityType.School => writer.UpdateWhereInAsync<School>(deactivate, nameof(School.Id), ids),
                RosterEntityType.Person => writer.UpdateWhereInAsync<Person>(deactivate, nameof(Person.Id), ids),
                RosterEntityType.Section => writer.UpdateWhereInAsync<Section>(deactivate, nameof(Section.Id), ids),
                _ => writer.UpdateWhereInAsync<Enrollment>(deactivate, nameof(Enrollment.Id), ids),
            };
            await deactivation;
            steps.Mark($"{type} deactivated".ToLowerInvariant(), ids.Count);
        }
        progress.Advanced(done);
        logger.LogInformation("Sync of district {DistrictId}: planned in {PlanMs} ms ({PlanSteps}); applied in {ApplyMs} ms ({ApplySteps})",
            districtId, plan.Timings.TotalMilliseconds, plan.Timings.ToString(), steps.TotalMilliseconds, steps.ToString());
        return;

        // A night's new enrollments come in the order their sections' events did, scattered over the (section, person, role)
        // index; written in that index's order, each of its pages is touched once instead of once per row.
        List<EnrollmentRef> InIndexOrder(List<EnrollmentRef> created) =>
            created.Count > NightlyEnrollments ? created
                : [.. created.OrderBy(e => sectionIds[e.SectionId]).ThenBy(e => personIds[e.PersonId]).ThenBy(e => e.Role)];

        // Each row stores the hash of what it was written from: the next sync compares the record with that alone.
        object?[] SchoolFields(SchoolRecord s) => [s.Name, s.SisId, s.SchoolNumber, s.LowGrade, s.HighGrade, RecordHashes.Of(s)];
        object?[] PersonFields(PersonRecord p) =>
            [p.FirstName, p.MiddleName, p.LastName, p.Email, SignInName.StoredKey(p.Email), p.SisId, p.StateId, p.StudentNumber, p.Grade,
                p.Roles, RecordHashes.Of(p)];
        object?[] SectionFields(SectionRecord s) =>
            [s.SchoolId is { } school ? schoolIds[school] : null, s.Name, s.Subject, s.Grade, s.Period, s.SisId, RecordHashes.Of(s),
                s.MembershipHash];
    }
}
