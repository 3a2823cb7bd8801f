using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
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
        var key = RosterFields.Normalize(name);
        return Schools.TryGetValue(key, out var id) || ArchivedCsvSchools.TryGetValue(key, out id) ? id : null;
    }

    /// <summary>Three queries whatever the district's size; nothing is tracked.</summary>
    public static async Task<DistrictState?> LoadAsync(TwigDb db, int districtId, CancellationToken token)
    {
        var threshold = await db.Districts.Where(d => d.Id == districtId)
            .Select(d => (int?)d.DeactivationThresholdPercent).SingleOrDefaultAsync(token);
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
            if (school.IsActive) active.TryAdd(RosterFields.Normalize(school.Name), school.Id);
            else if (school.Source == RosterSource.Csv) archived.TryAdd(school.ExternalId, school.Id);
        }

        // A retiring source's students leave in the transaction that applies this upload, so they take no seat after it.
        var otherStudents = await db.People.Where(ActiveStudent.Predicate)
            .CountAsync(p => p.DistrictId == districtId && p.Source != RosterSource.Csv
            && !db.Districts.Any(d => d.Id == districtId && d.RosterSource == RosterSource.Csv
                && d.RetiringRosterSource == p.Source), token);

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
