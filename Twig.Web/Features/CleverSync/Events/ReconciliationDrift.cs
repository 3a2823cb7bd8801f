using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>
/// The correctness check of events mode. A full sync after events-mode runs should change only what the events not yet
/// applied say changed; every other difference it finds is drift (an event Clever never sent, or one applied wrongly) and
/// is recorded as a warning per record type, with counts. The full sync corrects it either way.
/// </summary>
public static class ReconciliationDrift
{
    public static async Task AddAsync(SyncPlan plan, CleverChangeSet pending, TwigDb db, int districtId, CancellationToken ct)
    {
        var drift = Enum.GetValues<RosterEntityType>().ToDictionary(t => t, _ => new Tally());
        bool School(string id) => pending.Schools.ContainsKey(id);
        bool Person(string id) => pending.Users.ContainsKey(id);
        bool Section(string id) => pending.Sections.ContainsKey(id);

        drift[RosterEntityType.School].Added += plan.SchoolsToCreate.Count(s => !School(s.Id));
        drift[RosterEntityType.School].Changed += plan.SchoolsToUpdate.Count(s => !School(s.Record.Id));
        drift[RosterEntityType.Person].Added += plan.PeopleToCreate.Count(p => !Person(p.Id));
        drift[RosterEntityType.Person].Changed += plan.PeopleToUpdate.Count(p => !Person(p.Record.Id));
        drift[RosterEntityType.Section].Added += plan.SectionsToCreate.Count(s => !Section(s.Id));
        drift[RosterEntityType.Section].Changed += plan.SectionsToUpdate.Count(s => !Section(s.Record.Id));
        foreach (var gone in plan.DeactivationList)
        {
            var explained = gone.EntityType switch
            {
                RosterEntityType.School => School(gone.ExternalId),
                RosterEntityType.Person => Person(gone.ExternalId),
                _ => Section(gone.ExternalId),
            };
            if (!explained) drift[gone.EntityType].Deactivated++;
        }
        // An enrollment is explained by an event about its section or its person. A new primary-teacher mark alone
        // (EnrollmentPrimaryMarks) is not drift: sections Twig synced before it kept Clever's primary teacher get their mark
        // from their first full sync, which would otherwise report every such section once.
        drift[RosterEntityType.Enrollment].Added += plan.EnrollmentsToCreate.Count(e => !Section(e.SectionId) && !Person(e.PersonId));
        await using var reader = new RosterReader(db, districtId);
        const string enrollments = """
            SELECT s."ExternalId", p."ExternalId" FROM "Enrollments" e
            JOIN "Sections" s ON s."Id" = e."SectionId" JOIN "People" p ON p."Id" = e."PersonId"
            WHERE e."DistrictId"=@d AND e."Source"=@s AND e."Id" IN ({0})
            """;
        await reader.ReadInAsync(enrollments, plan.Deactivations[RosterEntityType.Enrollment],
            r => { if (!Section(r.GetString(0)) && !Person(r.GetString(1))) drift[RosterEntityType.Enrollment].Deactivated++; }, ct);
        await reader.ReadInAsync(enrollments, plan.EnrollmentsToReactivate,
            r => { if (!Section(r.GetString(0)) && !Person(r.GetString(1))) drift[RosterEntityType.Enrollment].Changed++; }, ct);

        foreach (var (type, tally) in drift)
        {
            if (tally.Total == 0) continue;
            plan.Warnings.Add(new SyncIssue
            {
                Severity = IssueSeverity.Warning, EntityType = type, Field = SyncIssue.ReconciliationDriftField,
                Message = $"Reconciliation drift: this full sync found {tally.Total:N0} {Words(type)} that events mode had not brought " +
                    $"up to date " +
                          $"({tally.Added:N0} added, {tally.Changed:N0} changed or reactivated, {tally.Deactivated:N0} deactivated); the " +
                              $"full sync corrected them.",
            });
        }
    }

    private static string Words(RosterEntityType type) => type switch
    {
        RosterEntityType.School => "schools",
        RosterEntityType.Person => "people",
        RosterEntityType.Section => "sections",
        _ => "enrollments",
    };

    private sealed class Tally
    {
        public int Added;
        public int Changed;
        public int Deactivated;
        public int Total => Added + Changed + Deactivated;
    }
}
