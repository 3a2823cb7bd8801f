using System.Data.Common;
using System.Runtime.CompilerServices;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Plans Clever's change set against Twig's copy. New → create; changed → update; absent → deactivate (never
/// delete); back again → reactivate. Skipped records and unknown references only produce warnings. Only what changed
/// is read from the database: the enrollments of sections whose membership changed, and the names of whom a run would
/// deactivate.
/// </summary>
public static class SyncPlanner
{
    public const int MaxWarnings = 5_000;

    public static async Task<SyncPlan> PlanAsync(CleverChanges clever, RosterIndex twig, TwigDb db, int districtId, CancellationToken ct)
    {
        var plan = new SyncPlan();
        foreach (var (externalId, school) in twig.Schools) plan.SchoolIds[externalId] = school.Id;
        plan.Warnings.AddRange(clever.Warnings);
        foreach (var (type, ids) in clever.Skipped) plan.Counts[type].Skipped += ids.Count;
        plan.Counts[RosterEntityType.Enrollment].Skipped += clever.SkippedEnrollments;

        await using var reader = new RosterReader(db, districtId);
        PlanSchools(clever, twig, plan);
        await PlanPeopleAsync(clever, twig, plan, reader, ct);
        plan.Timings.Mark("people", clever.People.Count);
        var compare = await PlanSectionsAsync(clever, twig, plan, reader, ct);
        plan.Timings.Mark("sections", clever.Sections.Count);
        await EnrollmentPlanner.PlanAsync(clever, twig, plan, compare, reader, db, districtId, ct);

        if (plan.Warnings.Count > MaxWarnings)
        {
            var more = plan.Warnings.Count - MaxWarnings;
            plan.Warnings.RemoveRange(MaxWarnings, more);
            plan.Warnings.Add(new SyncIssue { Severity = IssueSeverity.Warning, Message = $"{more:N0} more warnings were not recorded." });
        }
        return plan;
    }

    private static void PlanSchools(CleverChanges clever, RosterIndex twig, SyncPlan plan)
    {
        var count = plan.Counts[RosterEntityType.School];
        plan.ActiveBefore[RosterEntityType.School] = twig.Schools.Values.Count(s => s.IsActive);
        foreach (var school in clever.Schools.Values)
        {
            if (!twig.Schools.TryGetValue(school.Id, out var existing)) { plan.SchoolsToCreate.Add(school); count.Created++; continue; }
            if (!existing.IsActive) count.Reactivated++;
            else if (existing.Hash != RecordHashes.Of(school)) count.Updated++;
            else { count.Unchanged++; continue; }
            plan.SchoolsToUpdate.Add((existing.Id, school));
        }
        foreach (var (externalId, existing) in twig.Schools)
            if (existing.IsActive && !clever.Schools.ContainsKey(externalId)
                && !clever.Skipped[RosterEntityType.School].Contains(externalId))
            {
                plan.Deactivations[RosterEntityType.School].Add(existing.Id);
                plan.DeactivationList.Add(new HeldDeactivation
                {
                    EntityType = RosterEntityType.School, ExternalId = externalId,
                    DisplayName = existing.Name
                });
                count.Deactivated++;
            }
    }

    private static async Task PlanPeopleAsync(CleverChanges clever, RosterIndex twig, SyncPlan plan, RosterReader reader,
        CancellationToken ct)
    {
        var count = plan.Counts[RosterEntityType.Person];
        count.Unchanged += clever.UnchangedPeople;
        plan.CleverStudentsAfter = clever.Students;
        foreach (var person in clever.People.Values)
        {
            ref var existing = ref RosterIndex.Find(twig.People, person.Id);
            if (Unsafe.IsNullRef(ref existing))
            {
                plan.PeopleToCreate.Add(person);
                if (person.SchoolIds.Count > 0) plan.PeopleWithNewSchoolLinks.Add(person);
                count.Created++;
                continue;
            }
            if (!existing.IsActive) count.Reactivated++;
            else count.Updated++;
            plan.PeopleToUpdate.Add((existing.Id, person));
            plan.PersonIds[person.Id] = existing.Id;
        }
        // The hash does not say whether it was the links that changed: they are compared with Twig's, read for these people.
        await PlanSchoolLinksAsync(plan, reader, ct);

        var active = 0;
        var skipped = clever.Skipped[RosterEntityType.Person];
        var deactivated = new List<(int Id, string ExternalId)>();
        foreach (var (externalId, existing) in twig.People)
        {
            if (!existing.IsActive) continue;
            active++;
            if (existing.Seen) continue;
            if (skipped.Contains(externalId))
            {
                // A record Clever sent incompletely keeps its current state, seat included.
                if (existing.IsStudent) plan.CleverStudentsAfter++;
                continue;
            }
            plan.Deactivations[RosterEntityType.Person].Add(existing.Id);
            deactivated.Add((existing.Id, externalId));
            count.Deactivated++;
        }
        plan.ActiveBefore[RosterEntityType.Person] = active;
        if (deactivated.Count == 0) return;

        // Names only for whom the run would deactivate, for a held run's list. Sought by id, still checked to be this district's:
        // the unary plus keeps SQLite from choosing the district's index, which it would walk once per chunk of ids.
        var names = new Dictionary<int, string>(deactivated.Count);
        await reader.ReadInAsync("""SELECT "Id","FirstName","LastName","Roles" FROM "People" WHERE +"DistrictId"=@d AND "Id" IN ({0})""",
            deactivated.Select(d => d.Id), r => names[r.GetInt32(0)] =
                $"{r.GetString(1)} {r.GetString(2)} ({RoleWords((PersonRoles)r.GetInt32(3))})", ct);
        foreach (var (id, externalId) in deactivated)
            plan.DeactivationList.Add(new HeldDeactivation
            {
                EntityType = RosterEntityType.Person, ExternalId = externalId,
                DisplayName = names[id]
            });
    }

    /// <summary>Plans the sections; returns the Twig ids of those whose enrollments must be compared one by one.</summary>
    private static async Task<Dictionary<int, SectionRecord?>> PlanSectionsAsync(CleverChanges clever, RosterIndex twig, SyncPlan plan,
        RosterReader reader, CancellationToken ct)
    {
        var count = plan.Counts[RosterEntityType.Section];
        count.Unchanged += clever.UnchangedSections;
        plan.Counts[RosterEntityType.Enrollment].Unchanged += clever.UnchangedEnrollments;
        var compare = new Dictionary<int, SectionRecord?>();
        foreach (var section in clever.Sections)
        {
            ref var existing = ref RosterIndex.Find(twig.Sections, section.Id);
            if (Unsafe.IsNullRef(ref existing))
            {
                plan.SectionsToCreate.Add(section);
                count.Created++;
                continue;
            }
            if (section.MembershipChanged) compare[existing.Id] = section;
            if (!existing.IsActive) count.Reactivated++;
            else if (existing.Hash != RecordHashes.Of(section)) count.Updated++;
            else
            {
                count.Unchanged++;
                plan.SectionMembershipUpdates.Add((existing.Id, section.MembershipHash));
                continue;
            }
            plan.SectionsToUpdate.Add((existing.Id, section));
        }

        var active = 0;
        var deactivated = new List<(int Id, string ExternalId)>();
        foreach (var (externalId, existing) in twig.Sections)
        {
            if (!existing.IsActive) continue;
            active++;
            if (existing.Seen || clever.Skipped[RosterEntityType.Section].Contains(externalId)) continue;
            plan.Deactivations[RosterEntityType.Section].Add(existing.Id);
            deactivated.Add((existing.Id, externalId));
            // Every active enrollment of a section Clever no longer has goes with it.
            compare[existing.Id] = null;
            count.Deactivated++;
        }
        plan.ActiveBefore[RosterEntityType.Section] = active;
        if (deactivated.Count == 0) return compare;

        var names = new Dictionary<int, string>(deactivated.Count);
        await reader.ReadInAsync("""SELECT "Id","Name" FROM "Sections" WHERE +"DistrictId"=@d AND "Id" IN ({0})""",
            deactivated.Select(d => d.Id), r => names[r.GetInt32(0)] = r.GetString(1), ct);
        foreach (var (id, externalId) in deactivated)
            plan.DeactivationList.Add(new HeldDeactivation
            {
                EntityType = RosterEntityType.Section, ExternalId = externalId,
                DisplayName = names[id]
            });
        return compare;
    }

    /// <summary>
    /// Of the people the plan updates, those whose school links differ from Clever's: only their links are written again
    /// (deleting and inserting the same links would churn the table and its index for nothing).
    /// </summary>
    private static async Task PlanSchoolLinksAsync(SyncPlan plan, RosterReader reader, CancellationToken ct)
    {
        if (plan.PeopleToUpdate.Count == 0) return;
        var links = new Dictionary<int, List<int>>(plan.PeopleToUpdate.Count);
        await reader.ReadInAsync("""SELECT "PersonId","SchoolId" FROM "PersonSchools" WHERE "PersonId" IN ({0})""",
            plan.PeopleToUpdate.Select(u => u.Id), r =>
            {
                var personId = r.GetInt32(0);
                if (!links.TryGetValue(personId, out var schools)) links[personId] = schools = [];
                schools.Add(r.GetInt32(1));
            }, ct);
        foreach (var (id, person) in plan.PeopleToUpdate)
        {
            var stored = links.GetValueOrDefault(id);
            var same = (stored?.Count ?? 0) == person.SchoolIds.Count
                && person.SchoolIds.All(school => plan.SchoolIds.TryGetValue(school, out var schoolId) && stored!.Contains(schoolId));
            if (!same) plan.PeopleWithNewSchoolLinks.Add(person);
        }
    }

    private static string RoleWords(PersonRoles roles) =>
        string.Join(", ", Enum.GetValues<PersonRoles>().Where(r => r != PersonRoles.None && (roles & r) == r).Select(r => r switch
        {
            PersonRoles.SchoolAdmin => "school admin",
            PersonRoles.DistrictAdmin => "district admin",
            _ => r.ToString().ToLowerInvariant(),
        }));
}
