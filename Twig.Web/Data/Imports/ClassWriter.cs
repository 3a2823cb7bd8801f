using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Twig.Web.Data.Bulk;
using Twig.Web.Domain;

namespace Twig.Web.Data.Imports;

/// <summary>What a class plan did (or would do): sections by outcome, enrollments added (or brought back) and removed.</summary>
public sealed record ClassCounts
{
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Reactivated { get; init; }
    public int Deactivated { get; init; }
    public int Unchanged { get; init; }
    public int EnrollmentsAdded { get; init; }
    public int EnrollmentsRemoved { get; init; }

    public static ClassCounts Of(ClassPlan plan) => new()
    {
        Created = plan.Creates.Count, Updated = plan.Updates.Count - plan.Reactivations, Reactivated = plan.Reactivations,
        Deactivated = plan.Deactivations.Count, Unchanged = plan.Unchanged, EnrollmentsAdded = plan.EnrollmentsAdded,
        EnrollmentsRemoved = plan.EnrollmentsRemoved,
    };
}

/// <summary>
/// Writes a <see cref="ClassPlan"/> with the <see cref="BulkWriter"/> inside the caller's transaction (the same one that
/// writes the people of the import, so the whole upload commits or nothing does). Runs after the people are written:
/// enrollments of people created by the same import find their ids then.
/// </summary>
public static class ClassWriter
{
    /// <summary>
    /// Applies <paramref name="plan"/>. <paramref name="schoolIds"/> maps every school key the plan uses to its id, including
    /// schools the same import has just created (for classes.csv: <see cref="ActiveSchoolsByNameAsync"/>).
    /// </summary>
    public static async Task<ClassCounts> WriteAsync(TwigDb db, ClassPlan plan, IReadOnlyDictionary<string, int> schoolIds, DateTime now,
        CancellationToken token)
    {
        var writer = db.GetService<BulkWriter>().Open(db, token);
        var source = plan.Source;
        (string, object)[] scope = [(nameof(Section.DistrictId), plan.DistrictId), (nameof(Section.Source), source)];
        int? School(string key) => schoolIds.TryGetValue(key, out var id) ? id : null;

        // Sections: deactivate those the file omits, update or bring back those it changed, create the new ones.
        await writer.UpdateWhereInAsync<Section>(RosteredRecord.Deactivation(now), nameof(Section.Id),
            plan.Deactivations.Select(s => s.Id));
        await writer.UpdateAsync<Section>(
            [
                nameof(Section.Name), nameof(Section.SchoolId), nameof(Section.Grade), nameof(Section.Subject), nameof(Section.IsActive),
                nameof(Section.DeactivatedAt), nameof(Section.UpdatedAt),
            ],
            nameof(Section.Id),
            plan.Updates.Select(u => new object?[]
            {
                u.Row.Name, School(u.SchoolKey), u.Row.Grade, u.Row.Subject, true, null, now, u.Existing.Id,
            }).ToList());
        var created = await writer.InsertReturningIdsAsync<Section>(
            [
                nameof(Section.DistrictId), nameof(Section.Source), nameof(Section.ExternalId), nameof(Section.Name),
                nameof(Section.SchoolId), nameof(Section.Grade), nameof(Section.Subject), nameof(Section.IsActive),
                nameof(Section.CreatedAt), nameof(Section.UpdatedAt),
            ],
            plan.Creates.Select(c => new object?[]
            {
                plan.DistrictId, source, c.Row.ClassId, c.Row.Name, School(c.SchoolKey), c.Row.Grade, c.Row.Subject, true, now, now,
            }).ToList(),
            nameof(Section.ExternalId), scope);

        // Enrollments follow the file: deactivate the dropped ones, bring back the returning ones, add the new ones.
        await writer.UpdateWhereInAsync<Enrollment>(RosteredRecord.Deactivation(now), nameof(Enrollment.Id), plan.EnrollmentDeactivations);
        await writer.UpdateWhereInAsync<Enrollment>(RosteredRecord.Reactivation(now), nameof(Enrollment.Id), plan.EnrollmentReactivations);
        await writer.UpdateAsync<Enrollment>([nameof(Enrollment.IsPrimary), nameof(Enrollment.UpdatedAt)], nameof(Enrollment.Id),
            plan.PrimaryChanges.Select(c => new object?[] { c.IsPrimary, now, c.Id }).ToList());
        if (plan.EnrollmentAdds.Count > 0)
        {
            var sectionIds = new Dictionary<string, int>(created, StringComparer.Ordinal);
            foreach (var update in plan.Updates) sectionIds[update.Existing.ExternalId] = update.Existing.Id;
            var needExisting = plan.EnrollmentAdds.Any(a => !sectionIds.ContainsKey(a.ClassId));
            if (needExisting)
                foreach (var section in await db.Sections.AsNoTracking().Where(s => s.DistrictId == plan.DistrictId && s.Source == source)
                             .Select(s => new { s.Id, s.ExternalId }).ToListAsync(token))
                    sectionIds.TryAdd(section.ExternalId, section.Id);
            // People are read after they were written, so those the same import created are found too.
            var personIds = await db.People.AsNoTracking().Where(p => p.DistrictId == plan.DistrictId && p.Source == source)
                .Select(p => new { p.Id, p.ExternalId }).ToDictionaryAsync(p => p.ExternalId, p => p.Id, StringComparer.Ordinal, token);
            var rows = new List<object?[]>(plan.EnrollmentAdds.Count);
            foreach (var add in plan.EnrollmentAdds)
                rows.Add([plan.DistrictId, source, sectionIds[add.ClassId], personIds[add.PersonId], add.Role,
                    add.Role == EnrollmentRole.Teacher && plan.Primaries.Contains(add), true, now, now]);
            await writer.InsertAsync<Enrollment>(
                [nameof(Enrollment.DistrictId), nameof(Enrollment.Source), nameof(Enrollment.SectionId), nameof(Enrollment.PersonId),
                    nameof(Enrollment.Role), nameof(Enrollment.IsPrimary), nameof(Enrollment.IsActive), nameof(Enrollment.CreatedAt),
                    nameof(Enrollment.UpdatedAt)],
                rows);
        }

        return ClassCounts.Of(plan);
    }

    /// <summary>
    /// The district's active schools by upper-cased name (the oldest when several share a name): the keys classes.csv uses.
    /// </summary>
    public static async Task<Dictionary<string, int>> ActiveSchoolsByNameAsync(TwigDb db, int districtId, CancellationToken token)
    {
        var schools = await db.Schools.AsNoTracking().Where(s => s.DistrictId == districtId && s.IsActive)
            .OrderBy(s => s.Id).Select(s => new { s.Id, s.Name }).ToListAsync(token);
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var school in schools) byName.TryAdd(RosterFields.Normalize(school.Name), school.Id);
        return byName;
    }
}
