using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Compares Clever's roster with Twig's copy. New → create; changed → update; absent → deactivate (never
/// delete); back again → reactivate. Skipped records and unknown references only produce warnings.
/// </summary>
public static class SyncPlanner
{
    public const int MaxWarnings = 5_000;

    public static SyncPlan Plan(CleverRoster clever, ExistingRoster twig)
    {
        var plan = new SyncPlan();
        foreach (var s in twig.Schools.Values) plan.SchoolIds[s.ExternalId] = s.Id;
        foreach (var p in twig.People.Values) plan.PersonIds[p.ExternalId] = p.Id;
        foreach (var s in twig.Sections.Values) plan.SectionIds[s.ExternalId] = s.Id;
        plan.Warnings.AddRange(clever.Warnings);
        foreach (var (type, ids) in clever.Skipped) plan.Counts[type].Skipped += ids.Count;

        PlanSchools(clever, twig, plan);
        PlanPeople(clever, twig, plan);
        PlanSections(clever, twig, plan);
        PlanEnrollments(clever, twig, plan);

        if (plan.Warnings.Count > MaxWarnings)
        {
            var more = plan.Warnings.Count - MaxWarnings;
            plan.Warnings.RemoveRange(MaxWarnings, more);
            plan.Warnings.Add(new SyncIssue { Severity = IssueSeverity.Warning, Message = $"{more:N0} more warnings were not recorded." });
        }
        return plan;
    }

    private static void PlanSchools(CleverRoster clever, ExistingRoster twig, SyncPlan plan)
    {
        var count = plan.Counts[RosterEntityType.School];
        plan.ActiveBefore[RosterEntityType.School] = twig.Schools.Values.Count(s => s.IsActive);
        foreach (var school in clever.Schools.Values)
        {
            if (!twig.Schools.TryGetValue(school.Id, out var existing)) { plan.SchoolsToCreate.Add(school); count.Created++; continue; }
            var changed = existing.Name != school.Name || existing.SisId != school.SisId || existing.SchoolNumber != school.SchoolNumber
                          || existing.LowGrade != school.LowGrade || existing.HighGrade != school.HighGrade;
            if (!existing.IsActive) count.Reactivated++;
            else if (changed) count.Updated++;
            else { count.Unchanged++; continue; }
            plan.SchoolsToUpdate.Add((existing.Id, school));
        }
        foreach (var existing in twig.Schools.Values)
            if (existing.IsActive && !clever.Schools.ContainsKey(existing.ExternalId) && !clever.Skipped[RosterEntityType.School].Contains(existing.ExternalId))
            {
                plan.Deactivations[RosterEntityType.School].Add(existing.Id);
                plan.DeactivationList.Add(new HeldDeactivation { EntityType = RosterEntityType.School, ExternalId = existing.ExternalId, DisplayName = existing.Name });
                count.Deactivated++;
            }
    }

    private static void PlanPeople(CleverRoster clever, ExistingRoster twig, SyncPlan plan)
    {
        var count = plan.Counts[RosterEntityType.Person];
        plan.ActiveBefore[RosterEntityType.Person] = twig.People.Values.Count(p => p.IsActive);
        var skipped = clever.Skipped[RosterEntityType.Person];
        foreach (var person in clever.People.Values)
        {
            DropUnknownSchools(person, clever, twig, plan);
            if (person.HasRole(PersonRoles.Student)) plan.CleverStudentsAfter++;
            if (!twig.People.TryGetValue(person.Id, out var existing))
            {
                plan.PeopleToCreate.Add(person);
                if (person.SchoolIds.Count > 0) plan.PeopleWithNewSchoolLinks.Add(person);
                count.Created++;
                continue;
            }
            var linksChanged = !existing.SchoolIds.SetEquals(person.SchoolIds);
            if (linksChanged) plan.PeopleWithNewSchoolLinks.Add(person);
            var changed = linksChanged || existing.FirstName != person.FirstName || existing.MiddleName != person.MiddleName
                          || existing.LastName != person.LastName || existing.Email != person.Email || existing.SisId != person.SisId
                          || existing.StateId != person.StateId || existing.StudentNumber != person.StudentNumber
                          || existing.Grade != person.Grade || existing.Roles != person.Roles;
            if (!existing.IsActive) count.Reactivated++;
            else if (changed) count.Updated++;
            else { count.Unchanged++; continue; }
            plan.PeopleToUpdate.Add((existing.Id, person));
        }
        foreach (var existing in twig.People.Values)
        {
            if (!existing.IsActive || clever.People.ContainsKey(existing.ExternalId)) continue;
            if (skipped.Contains(existing.ExternalId))
            {
                // A record Clever sent incompletely keeps its current state, seat included.
                if ((existing.Roles & PersonRoles.Student) != 0) plan.CleverStudentsAfter++;
                continue;
            }
            plan.Deactivations[RosterEntityType.Person].Add(existing.Id);
            plan.DeactivationList.Add(new HeldDeactivation
            {
                EntityType = RosterEntityType.Person,
                ExternalId = existing.ExternalId,
                DisplayName = $"{existing.FirstName} {existing.LastName} ({RoleWords(existing.Roles)})",
            });
            count.Deactivated++;
        }
    }

    private static void DropUnknownSchools(PersonRecord person, CleverRoster clever, ExistingRoster twig, SyncPlan plan)
    {
        var allKnown = true;
        foreach (var school in person.SchoolIds) allKnown &= clever.Schools.ContainsKey(school);
        if (allKnown) return;
        foreach (var school in person.SchoolIds.ToList())
        {
            if (clever.Schools.ContainsKey(school)) continue;
            person.SchoolIds.Remove(school);
            if (!clever.Skipped[RosterEntityType.School].Contains(school) || !twig.Schools.ContainsKey(school))
                plan.Warnings.Add(Warning(RosterEntityType.Person, person.Id, "schools", $"Refers to school {school}, which Clever did not share; that link was skipped."));
        }
    }

    private static void PlanSections(CleverRoster clever, ExistingRoster twig, SyncPlan plan)
    {
        var count = plan.Counts[RosterEntityType.Section];
        plan.ActiveBefore[RosterEntityType.Section] = twig.Sections.Values.Count(s => s.IsActive);
        foreach (var original in clever.Sections.Values)
        {
            var section = original;
            if (section.SchoolId is { } schoolId && !clever.Schools.ContainsKey(schoolId))
            {
                plan.Warnings.Add(Warning(RosterEntityType.Section, section.Id, "school", $"Refers to school {schoolId}, which Clever did not share; the section is kept without a school."));
                section = section with { SchoolId = null };
            }
            if (!twig.Sections.TryGetValue(section.Id, out var existing)) { plan.SectionsToCreate.Add(section); count.Created++; continue; }
            var existingSchool = existing.SchoolId is { } id && twig.SchoolExternalIds.TryGetValue(id, out var ext) ? ext : null;
            var changed = existingSchool != section.SchoolId || existing.Name != section.Name || existing.Subject != section.Subject
                          || existing.Grade != section.Grade || existing.Period != section.Period || existing.SisId != section.SisId;
            if (!existing.IsActive) count.Reactivated++;
            else if (changed) count.Updated++;
            else { count.Unchanged++; continue; }
            plan.SectionsToUpdate.Add((existing.Id, section));
        }
        foreach (var existing in twig.Sections.Values)
            if (existing.IsActive && !clever.Sections.ContainsKey(existing.ExternalId) && !clever.Skipped[RosterEntityType.Section].Contains(existing.ExternalId))
            {
                plan.Deactivations[RosterEntityType.Section].Add(existing.Id);
                plan.DeactivationList.Add(new HeldDeactivation { EntityType = RosterEntityType.Section, ExternalId = existing.ExternalId, DisplayName = existing.Name });
                count.Deactivated++;
            }
    }

    private static void PlanEnrollments(CleverRoster clever, ExistingRoster twig, SyncPlan plan)
    {
        var count = plan.Counts[RosterEntityType.Enrollment];
        var active = 0;
        foreach (var enrollment in twig.Enrollments.Values) if (enrollment.IsActive) active++;
        plan.ActiveBefore[RosterEntityType.Enrollment] = active;
        var skippedPeople = clever.Skipped[RosterEntityType.Person];
        var skippedSections = clever.Skipped[RosterEntityType.Section];

        // Enrollments whose section and person Twig already holds compare by Twig ids (small struct keys);
        // only those of new sections or people are named by Clever ids.
        var wanted = new HashSet<EnrollmentKey>(twig.Enrollments.Count);
        foreach (var section in clever.Sections.Values)
        {
            var sectionId = twig.Sections.TryGetValue(section.Id, out var existingSection) ? existingSection.Id : 0;
            foreach (var teacher in section.TeacherIds) Want(section.Id, sectionId, teacher, EnrollmentRole.Teacher);
            foreach (var student in section.StudentIds) Want(section.Id, sectionId, student, EnrollmentRole.Student);
        }

        foreach (var (key, enrollment) in twig.Enrollments)
        {
            if (!enrollment.IsActive || wanted.Contains(key)) continue;
            if (!twig.SectionExternalIds.TryGetValue(key.SectionId, out var sectionId) || !twig.PersonExternalIds.TryGetValue(key.PersonId, out var personId)) continue;
            // Enrollments of incompletely sent sections or people keep their state, like the records themselves.
            if (skippedSections.Contains(sectionId) || (skippedPeople.Contains(personId) && clever.Sections.TryGetValue(sectionId, out var listed)
                    && Lists(listed, new EnrollmentRef(sectionId, personId, key.Role)))) continue;
            plan.Deactivations[RosterEntityType.Enrollment].Add(enrollment.Id);
            count.Deactivated++;
        }
        return;

        void Want(string sectionExternalId, int sectionId, string personExternalId, EnrollmentRole role)
        {
            if (!clever.People.ContainsKey(personExternalId))
            {
                if (!skippedPeople.Contains(personExternalId))
                {
                    count.Skipped++;
                    plan.Warnings.Add(Warning(RosterEntityType.Enrollment, sectionExternalId, role == EnrollmentRole.Student ? "students" : "teachers",
                        $"Section lists {RoleWord(role)} {personExternalId}, whom Clever did not share; that enrollment was skipped."));
                }
                return;
            }
            if (sectionId != 0 && twig.People.TryGetValue(personExternalId, out var person))
            {
                var key = new EnrollmentKey(sectionId, person.Id, role);
                if (!wanted.Add(key)) return;
                if (!twig.Enrollments.TryGetValue(key, out var found)) { plan.EnrollmentsToCreate.Add(new EnrollmentRef(sectionExternalId, personExternalId, role)); count.Created++; }
                else if (!found.IsActive) { plan.EnrollmentsToReactivate.Add(found.Id); count.Reactivated++; }
                else count.Unchanged++;
                return;
            }
            // A new section or person: nothing exists yet (the fetcher already removed duplicates within a section).
            plan.EnrollmentsToCreate.Add(new EnrollmentRef(sectionExternalId, personExternalId, role));
            count.Created++;
        }
    }

    private static bool Lists(SectionRecord section, EnrollmentRef key) =>
        (key.Role == EnrollmentRole.Student ? section.StudentIds : section.TeacherIds).Contains(key.PersonId, StringComparer.Ordinal);

    private static SyncIssue Warning(RosterEntityType type, string externalId, string field, string message) =>
        new() { Severity = IssueSeverity.Warning, EntityType = type, ExternalId = externalId, Field = field, Message = message };

    private static string RoleWord(EnrollmentRole role) => role == EnrollmentRole.Student ? "student" : "teacher";

    private static string RoleWords(PersonRoles roles) =>
        string.Join(", ", Enum.GetValues<PersonRoles>().Where(r => r != PersonRoles.None && (roles & r) == r).Select(r => r switch
        {
            PersonRoles.SchoolAdmin => "school admin",
            PersonRoles.DistrictAdmin => "district admin",
            _ => r.ToString().ToLowerInvariant(),
        }));
}

internal static class PersonRecordExtensions
{
    public static bool HasRole(this PersonRecord person, PersonRoles role) => (person.Roles & role) == role;
}
