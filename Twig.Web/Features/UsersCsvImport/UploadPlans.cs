using Microsoft.AspNetCore.Identity;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// The files of one Twig CSV upload (users.csv, classes.csv, or the pair) planned together against the district: the
/// people plan, the class plan, and their errors and warnings, each naming its file. Upload, preview and confirm all use
/// this, so what is previewed is what is applied.
/// </summary>
public sealed class UploadPlans
{
    public const string UsersFile = "users.csv";

    public required DistrictState District { get; init; }
    public ParsedFile? Users { get; init; }
    public ImportPlan? People { get; init; }
    public ParsedClasses? ClassesFile { get; init; }
    public ClassPlan? Classes { get; init; }

    public IEnumerable<ImportIssue> Errors =>
        (People?.Errors ?? []).Select(Tag).Concat(Classes?.Errors ?? []);

    public IEnumerable<ImportIssue> Warnings =>
        (People?.Warnings ?? []).Select(Tag).Concat(Classes?.Warnings ?? []);

    public bool HasErrors => Errors.Any();

    /// <summary>Seats are counted on active students: a class never adds one, so classes.csv alone keeps today's count.</summary>
    public int ActiveStudentsAfter => People?.ActiveStudentsAfter
        ?? District.ActiveStudentsFromOtherSources + District.CsvPeople.Values.Count(p => ActiveStudent.Is(p.IsActive, p.Roles));

    private static ImportIssue Tag(ImportIssue issue) => issue.File is null ? issue with { File = UsersFile } : issue;

    /// <summary>Reads what was uploaded (either file may be absent) and plans it against the district as it is now.</summary>
    public static async Task<UploadPlans?> BuildAsync(TwigDb db, int districtId, ParsedFile? users, ParsedClasses? classes,
        CancellationToken token, ImportStepTimer? timer = null)
    {
        var district = await DistrictState.LoadAsync(db, districtId, users, token, timer);
        if (district is null) return null;
        var people = users is null ? null : ImportPlan.Build(users, district);
        timer?.Mark("plan");
        ClassPlan? classPlan = null;
        if (classes is not null)
        {
            var existing = await ClassState.LoadAsync(db, districtId, RosterSource.Csv, token);
            classPlan = ClassPlan.Build(classes.Classes, classes.Issues, CsvClasses.Input(district, existing, users, people));
        }
        return new UploadPlans { District = district, Users = users, People = people, ClassesFile = classes, Classes = classPlan };
    }

    /// <summary>
    /// Writes both plans in the caller's transaction: people first (and the schools they name), then classes and
    /// enrollments, which may name people and schools created a moment before.
    /// </summary>
    public async Task<(AppliedCounts? People, ClassCounts? Classes)> WriteAsync(TwigDb db,
        IReadOnlyDictionary<string, PreparedPassword> passwords,
        IPasswordHasher<Person> hasher, DateTime now, CancellationToken token)
    {
        var people = People is null ? null : await ImportWriter.WriteAsync(db, People, District, passwords, hasher, now, token);
        ClassCounts? classes = null;
        if (Classes is not null)
        {
            var schools = People is { NewSchools.Count: > 0 }
                ? await ClassWriter.ActiveSchoolsByNameAsync(db, District.DistrictId, token)
                : District.Schools;
            classes = await ClassWriter.WriteAsync(db, Classes, schools, now, token);
        }
        return (people, classes);
    }
}

/// <summary>The counts an import row keeps: what the preview would do, then what the confirmation did.</summary>
public static class CsvImportCounts
{
    public static void Record(this CsvImport import, UploadPlans plans)
    {
        if (plans is { Users: { } users, People: { } people })
        {
            import.RowCount = users.RowCount;
            (import.Created, import.Updated, import.Reactivated, import.Archived, import.Unchanged) =
                (people.Creates.Count, people.Updates.Count - people.Reactivations, people.Reactivations, people.Archives.Count,
                    people.Unchanged);
        }
        if (plans is { ClassesFile: { } file, Classes: { } classes })
        {
            import.ClassRowCount = file.RowCount;
            if (import.ClassesOnly) import.RowCount = file.RowCount;
            Record(import, ClassCounts.Of(classes));
        }
    }

    /// <summary>Reactivated classes count as updated: the history shows one "updated" figure for classes.</summary>
    public static void Record(this CsvImport import, ClassCounts counts) =>
        (import.ClassesCreated, import.ClassesUpdated, import.ClassesDeactivated, import.ClassesUnchanged, import.EnrollmentsAdded,
            import.EnrollmentsRemoved) =
        (counts.Created, counts.Updated + counts.Reactivated, counts.Deactivated, counts.Unchanged, counts.EnrollmentsAdded,
            counts.EnrollmentsRemoved);

    public static string Describe(ClassCounts counts) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Classes: {counts.Created:N0} created, {counts.Updated + counts.Reactivated:N0} updated, {counts.Deactivated:N0} deactivated, " +
        $"{counts.Unchanged:N0} unchanged; enrollments: {counts.EnrollmentsAdded:N0} added, {counts.EnrollmentsRemoved:N0} removed.");
}
