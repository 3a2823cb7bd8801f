using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

public sealed record PersonUpdate(ExistingPerson Existing, CsvPerson Row, bool Reactivate, bool SchoolsChanged);

/// <summary>Per role: what the upload would do.</summary>
public sealed class RoleCounts
{
    public int Create { get; set; }
    public int Update { get; set; }
    public int Reactivate { get; set; }
    public int Archive { get; set; }
    public int Unchanged { get; set; }
}

/// <summary>
/// Everything an upload would do, computed in memory from the file and the district: creates, updates
/// (including reactivations), archives of CSV people the file omits, schools to create, errors that block,
/// warnings, and the licence and threshold figures. Clever people are never part of it.
/// </summary>
public sealed class ImportPlan
{
    public List<CsvPerson> Creates { get; } = [];
    public List<PersonUpdate> Updates { get; } = [];
    public List<ExistingPerson> Archives { get; } = [];
    /// <summary>
    /// People unchanged in every field but carrying a password, which may differ from the stored one (known only after hashing).
    /// </summary>
    public List<(ExistingPerson Existing, CsvPerson Row)> UnchangedWithPassword { get; } = [];
    public int Unchanged { get; private set; }
    /// <summary>Unchanged people whose stored row hash is missing or stale: the apply stores it, changing nothing else.</summary>
    public List<(int Id, long Hash)> HashesToStore { get; } = [];
    public List<string> NewSchools { get; } = [];
    public List<ImportIssue> Errors { get; } = [];
    public List<ImportIssue> Warnings { get; } = [];
    public SortedDictionary<PersonRoles, RoleCounts> ByRole { get; } = new()
    {
        [PersonRoles.Student] = new(), [PersonRoles.Teacher] = new(), [PersonRoles.SchoolAdmin] = new(),
    };
    public int ActiveCsvPeopleNow { get; private set; }
    public int ActiveStudentsAfter { get; private set; }
    public int ThresholdPercent { get; private set; }
    /// <summary>Rows whose password must be checked against the stored hash (only known at apply).</summary>
    public int PasswordsToCheck { get; private set; }
    public int PasswordsToSet { get; private set; }

    public int Reactivations => Updates.Count(u => u.Reactivate);
    public int ArchiveLimit => ActiveCsvPeopleNow * ThresholdPercent / 100;
    public bool NeedsArchiveConfirmation => District.ExceedsThreshold(Archives.Count, ActiveCsvPeopleNow, ThresholdPercent);

    public static ImportPlan Build(ParsedFile file, DistrictState district)
    {
        var plan = new ImportPlan { ThresholdPercent = district.ThresholdPercent };
        plan.ActiveCsvPeopleNow = district.CsvPeople.Values.Count(p => p.IsActive);
        var (people, inFile) = district.RowsOf(file);
        var newSchools = new Dictionary<string, (string Name, int Row)>(StringComparer.Ordinal);
        var activeStudentsCsv = 0;

        for (var i = 0; i < people.Length; i++)
        {
            var row = file.People[i];
            var existing = people[i];
            var sameAsStored = existing is not null && district.UnchangedByHash(row, existing);
            // A row that matches its stored hash holds its own username (usernames are unique in a district): not looked up.
            if (!sameAsStored && row.Username is not null && district.Usernames.TryGetValue(SignInName.Key(row.Username), out var holder)
                && holder != row.UserId && (holder is null || !inFile.Contains(holder)))
            {
                plan.Errors.Add(new ImportIssue(IssueSeverity.Error, row.Row, UsersCsv.Username,
                    $"username \"{row.Username}\" already belongs to another person in the district" +
                    $"{(holder is null ? "" : " (an archived CSV person or one not in this file)")}."));
                continue;
            }

            foreach (var school in row.SchoolNames)
            {
                var key = district.SchoolKey(school);
                if (!district.Schools.ContainsKey(key) && !newSchools.ContainsKey(key)) newSchools[key] = (school, row.Row);
            }
            if (ActiveStudent.Takes(row.Role)) activeStudentsCsv++;
            var counts = plan.ByRole[row.Role];

            if (row.Role == PersonRoles.SchoolAdmin && row.SchoolNames.Count == 0)
                plan.Warnings.Add(new ImportIssue(IssueSeverity.Warning, row.Row, UsersCsv.SchoolNames,
                    "An administrator should have school_names; without them they see no school."));

            if (existing is null)
            {
                plan.Creates.Add(row);
                counts.Create++;
                if (row.Password is not null) plan.PasswordsToSet++;
                if (row.Email is null && (row.Username is null || row.Password is null)) plan.Warnings.Add(CannotSignIn(row));
                continue;
            }

            if (sameAsStored)
            {
                // What the last import stored, known from its hash: no field to compare, no person to read.
                if (row.Email is null && (row.Username is null || !existing.HasPassword)) plan.Warnings.Add(CannotSignIn(row));
                plan.Unchanged++;
                counts.Unchanged++;
                continue;
            }
            if (existing.Compact)
                throw new InvalidOperationException($"Person {existing.Id} must be read in full to be compared with row {row.Row}.");

            if (row.Password is not null)
            {
                if (existing.PasswordHash is null) plan.PasswordsToSet++;
                else plan.PasswordsToCheck++;
            }
            var hasPassword = row.Password is not null || existing.PasswordHash is not null;
            if (row.Email is null && (row.Username is null || !hasPassword)) plan.Warnings.Add(CannotSignIn(row));

            var schoolsChanged = SchoolsDiffer(existing.SchoolIds, row.SchoolNames, district);
            var fieldsChanged = schoolsChanged || PersonChanges.FieldsDiffer(existing, row)
                || (row.Password is not null && existing.PasswordHash is null);
            if (!existing.IsActive)
            {
                plan.Updates.Add(new PersonUpdate(existing, row, Reactivate: true, schoolsChanged));
                counts.Reactivate++;
            }
            else if (fieldsChanged)
            {
                plan.Updates.Add(new PersonUpdate(existing, row, Reactivate: false, schoolsChanged));
                counts.Update++;
            }
            else
            {
                plan.Unchanged++;
                counts.Unchanged++;
                if (row.Password is not null) plan.UnchangedWithPassword.Add((existing, row));
                // Compared in full and unchanged (no hash yet, or one from before a change in Twig): store what matches now.
                if (CsvRowHashes.Of(row, district.SchoolId) is { } hash && hash != existing.RowHash)
                    plan.HashesToStore.Add((existing.Id, hash));
            }
        }

        foreach (var existing in district.CsvPeople.Values)
        {
            if (!existing.IsActive || inFile.Contains(existing.ExternalId)) continue;
            plan.Archives.Add(existing);
            plan.ByRole[PrimaryRole(existing.Roles)].Archive++;
        }
        plan.Archives.Sort((a, b) => string.CompareOrdinal(a.ExternalId, b.ExternalId));
        var created = newSchools.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList();
        plan.NewSchools.AddRange(created.Select(s => s.Name));
        if (created.Count > 0) plan.Warnings.Insert(0, NewSchoolsWarning(created));
        plan.ActiveStudentsAfter = district.ActiveStudentsFromOtherSources + activeStudentsCsv;
        plan.Errors.AddRange(file.Issues.Where(i => i.Severity == IssueSeverity.Error));
        plan.Errors.Sort((a, b) => (a.Row ?? 0).CompareTo(b.Row ?? 0));
        plan.Warnings.InsertRange(0, file.Issues.Where(i => i.Severity == IssueSeverity.Warning));
        return plan;
    }

    /// <summary>
    /// Schools the upload creates, each with the first row naming it, so a misspelt name is found in the file. Stored and shown
    /// before and after the upload is applied: worded to be true both times.
    /// </summary>
    private static ImportIssue NewSchoolsWarning(List<(string Name, int Row)> created) =>
        new(IssueSeverity.Warning, created.Count == 1 ? created[0].Row : null, UsersCsv.SchoolNames,
            $"{created.Count} school name{(created.Count == 1 ? " matches" : "s match")} no active school of the district, so the " +
            $"upload creates {(created.Count == 1 ? "it" : "them")}: " +
            $"{NameList.Of(created.Take(20).Select(s => $"{s.Name} (row {s.Row})"))}{(created.Count > 20 ? "; …" : "")}. " +
            "Check the spelling if that is not intended.");

    public static PersonRoles PrimaryRole(PersonRoles roles) =>
        (roles & PersonRoles.Student) != 0 ? PersonRoles.Student
        : (roles & PersonRoles.Teacher) != 0 ? PersonRoles.Teacher
        : PersonRoles.SchoolAdmin;

    private static ImportIssue CannotSignIn(CsvPerson row) =>
        new(IssueSeverity.Warning, row.Row, null,
            "This person has no e-mail and no username with a password, so they will not be able to sign in.");

    private static bool SchoolsDiffer(HashSet<int> current, IReadOnlyList<string> names, DistrictState district)
    {
        if (current.Count != names.Count) return true;
        foreach (var name in names)
            if (district.SchoolId(name) is not { } id || !current.Contains(id)) return true;
        return false;
    }
}
