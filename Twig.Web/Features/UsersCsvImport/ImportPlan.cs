using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>A CSV person already in the district, as the plan needs them (loaded once, no change tracking).</summary>
public sealed class ExistingPerson
{
    public int Id { get; init; }
    public string ExternalId { get; init; } = "";
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string? Email { get; init; }
    public string? Username { get; init; }
    public string? PasswordHash { get; init; }
    public PersonRoles Roles { get; init; }
    public bool IsActive { get; init; }
    public HashSet<int> SchoolIds { get; } = [];
}

/// <summary>The district as an import sees it: its CSV people by user_id, every username in use, its schools.</summary>
public sealed class DistrictState
{
    public required int DistrictId { get; init; }
    public required int ThresholdPercent { get; init; }
    public required Dictionary<string, ExistingPerson> CsvPeople { get; init; }
    /// <summary>Normalized username → the CSV user_id holding it, or null when a person from another source holds it.</summary>
    public required Dictionary<string, string?> Usernames { get; init; }
    /// <summary>Normalized name → id of the district's active school of that name (the oldest when several share it).</summary>
    public required Dictionary<string, int> Schools { get; init; }
    /// <summary>Normalized name → id of an archived school that an import created, to be brought back when named again.</summary>
    public required Dictionary<string, int> ArchivedCsvSchools { get; init; }
    public required int ActiveStudentsFromOtherSources { get; init; }

    /// <summary>The school a name in the file stands for, if it exists (active, or archived but created by an import).</summary>
    public int? SchoolId(string name)
    {
        var key = UsersCsv.Normalize(name);
        return Schools.TryGetValue(key, out var id) || ArchivedCsvSchools.TryGetValue(key, out id) ? id : null;
    }

    /// <summary>Three queries whatever the district's size; nothing is tracked.</summary>
    public static async Task<DistrictState?> LoadAsync(TwigDb db, int districtId, CancellationToken token)
    {
        var threshold = await db.Districts.Where(d => d.Id == districtId).Select(d => (int?)d.DeactivationThresholdPercent).SingleOrDefaultAsync(token);
        if (threshold is null) return null;

        var people = await db.People.AsNoTracking()
            .Where(p => p.DistrictId == districtId && p.Source == RosterSource.Csv)
            .Select(p => new ExistingPerson
            {
                Id = p.Id, ExternalId = p.ExternalId, FirstName = p.FirstName, LastName = p.LastName, Email = p.Email,
                Username = p.Username, PasswordHash = p.PasswordHash, Roles = p.Roles, IsActive = p.IsActive,
            })
            .ToListAsync(token);
        var byId = people.ToDictionary(p => p.Id);
        // From the district's people to their links: the work grows with the district, not with every district's links.
        var links = await db.People.AsNoTracking()
            .Where(p => p.DistrictId == districtId && p.Source == RosterSource.Csv)
            .Join(db.PersonSchools.AsNoTracking(), p => p.Id, l => l.PersonId, (p, l) => new { l.PersonId, l.SchoolId })
            .ToListAsync(token);
        foreach (var link in links)
            if (byId.TryGetValue(link.PersonId, out var person)) person.SchoolIds.Add(link.SchoolId);

        var otherUsernames = await db.People.AsNoTracking()
            .Where(p => p.DistrictId == districtId && p.Source != RosterSource.Csv && p.NormalizedUsername != null)
            .Select(p => p.NormalizedUsername!)
            .ToListAsync(token);
        var usernames = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in otherUsernames) usernames[name] = null;
        foreach (var person in people)
            if (person.Username is not null) usernames[SignInName.Key(person.Username)] = person.ExternalId;

        var schools = await db.Schools.AsNoTracking()
            .Where(s => s.DistrictId == districtId)
            .Select(s => new { s.Id, s.Name, s.IsActive, s.Source, s.ExternalId })
            .OrderBy(s => s.Id)
            .ToListAsync(token);
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        var archived = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var school in schools)
        {
            if (school.IsActive) active.TryAdd(UsersCsv.Normalize(school.Name), school.Id);
            else if (school.Source == RosterSource.Csv) archived.TryAdd(school.ExternalId, school.Id);
        }

        // A retiring source's students leave in the transaction that applies this upload, so they take no seat after it.
        var otherStudents = await db.People.Where(ActiveStudent.Predicate).CountAsync(p => p.DistrictId == districtId && p.Source != RosterSource.Csv
            && !db.Districts.Any(d => d.Id == districtId && d.RosterSource == RosterSource.Csv && d.RetiringRosterSource == p.Source), token);

        return new DistrictState
        {
            DistrictId = districtId,
            ThresholdPercent = threshold.Value,
            CsvPeople = people.ToDictionary(p => p.ExternalId, StringComparer.Ordinal),
            Usernames = usernames,
            Schools = active,
            ArchivedCsvSchools = archived,
            ActiveStudentsFromOtherSources = otherStudents,
        };
    }
}

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
    /// <summary>People unchanged in every field but carrying a password, which may differ from the stored one (known only after hashing).</summary>
    public List<(ExistingPerson Existing, CsvPerson Row)> UnchangedWithPassword { get; } = [];
    public int Unchanged { get; private set; }
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
    public bool NeedsArchiveConfirmation => Archives.Count > 0 && Archives.Count > ArchiveLimit;

    public static ImportPlan Build(ParsedFile file, DistrictState district)
    {
        var plan = new ImportPlan { ThresholdPercent = district.ThresholdPercent };
        plan.ActiveCsvPeopleNow = district.CsvPeople.Values.Count(p => p.IsActive);
        var inFile = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in file.People) inFile.Add(row.UserId);
        var newSchools = new Dictionary<string, string>(StringComparer.Ordinal);
        var activeStudentsCsv = 0;

        foreach (var row in file.People)
        {
            if (row.Username is not null && district.Usernames.TryGetValue(SignInName.Key(row.Username), out var holder)
                && holder != row.UserId && (holder is null || !inFile.Contains(holder)))
            {
                plan.Errors.Add(new ImportIssue(IssueSeverity.Error, row.Row, UsersCsv.Username,
                    $"username \"{row.Username}\" already belongs to another person in the district{(holder is null ? "" : " (an archived CSV person or one not in this file)")}."));
                continue;
            }

            foreach (var school in row.SchoolNames)
            {
                var key = UsersCsv.Normalize(school);
                if (!district.Schools.ContainsKey(key) && !newSchools.ContainsKey(key)) newSchools[key] = school;
            }
            if (ActiveStudent.Takes(row.Role)) activeStudentsCsv++;
            var counts = plan.ByRole[row.Role];

            if (row.Role == PersonRoles.SchoolAdmin && row.SchoolNames.Count == 0)
                plan.Warnings.Add(new ImportIssue(IssueSeverity.Warning, row.Row, UsersCsv.SchoolNames,
                    "An administrator should have school_names; without them they see no school."));

            if (!district.CsvPeople.TryGetValue(row.UserId, out var existing))
            {
                plan.Creates.Add(row);
                counts.Create++;
                if (row.Password is not null) plan.PasswordsToSet++;
                if (row.Email is null && (row.Username is null || row.Password is null)) plan.Warnings.Add(CannotSignIn(row));
                continue;
            }

            if (row.Password is not null)
            {
                if (existing.PasswordHash is null) plan.PasswordsToSet++;
                else plan.PasswordsToCheck++;
            }
            var hasPassword = row.Password is not null || existing.PasswordHash is not null;
            if (row.Email is null && (row.Username is null || !hasPassword)) plan.Warnings.Add(CannotSignIn(row));

            var schoolsChanged = SchoolsDiffer(existing.SchoolIds, row.SchoolNames, district);
            var fieldsChanged = schoolsChanged
                || existing.FirstName != row.FirstName || existing.LastName != row.LastName
                || existing.Email != row.Email || existing.Username != row.Username || existing.Roles != row.Role
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
            }
        }

        foreach (var existing in district.CsvPeople.Values)
        {
            if (!existing.IsActive || inFile.Contains(existing.ExternalId)) continue;
            plan.Archives.Add(existing);
            plan.ByRole[PrimaryRole(existing.Roles)].Archive++;
        }
        plan.Archives.Sort((a, b) => string.CompareOrdinal(a.ExternalId, b.ExternalId));
        plan.NewSchools.AddRange(newSchools.Values.Order(StringComparer.OrdinalIgnoreCase));
        if (plan.NewSchools.Count > 0)
            plan.Warnings.Insert(0, new ImportIssue(IssueSeverity.Warning, null, UsersCsv.SchoolNames,
                $"{plan.NewSchools.Count} school name{(plan.NewSchools.Count == 1 ? " does" : "s do")} not match an active school of the district and will be created: {string.Join(", ", plan.NewSchools.Take(20))}{(plan.NewSchools.Count > 20 ? ", …" : "")}. Check the spelling if that is not intended."));
        plan.ActiveStudentsAfter = district.ActiveStudentsFromOtherSources + activeStudentsCsv;
        plan.Errors.AddRange(file.Issues.Where(i => i.Severity == IssueSeverity.Error));
        plan.Errors.Sort((a, b) => (a.Row ?? 0).CompareTo(b.Row ?? 0));
        plan.Warnings.InsertRange(0, file.Issues.Where(i => i.Severity == IssueSeverity.Warning));
        return plan;
    }

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
