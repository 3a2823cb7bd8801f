using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

public sealed partial class DistrictState
{
    /// <summary>Ids per query when people are read in full by id (well under SQL Server's 2,100 parameters).</summary>
    private const int IdsPerQuery = 1000;

    /// <summary>
    /// Reads the district for <paramref name="users"/> (null: for classes.csv alone). Every CSV person is read compactly
    /// (ids, role, active flag, stored row hash, username key); only those whose row does not match its stored hash, and those
    /// the file would archive, are then read in full with their school links. Nothing is tracked.
    /// </summary>
    public static async Task<DistrictState?> LoadAsync(TwigDb db, int districtId, ParsedFile? users, CancellationToken token,
        ImportStepTimer? timer = null)
    {
        var threshold = await db.Districts.Where(d => d.Id == districtId)
            .Select(d => (int?)d.DeactivationThresholdPercent).SingleOrDefaultAsync(token);
        if (threshold is null) return null;

        var csv = db.People.AsNoTracking().Where(p => p.DistrictId == districtId && p.Source == RosterSource.Csv);
        // Sized for the file: most of its rows name someone already there.
        var people = await ReadCompactAsync(db, districtId, users?.People.Count ?? 0, token);
        timer?.Mark("compact");

        var (active, archived, names) = await SchoolsAsync(db, districtId, token);
        timer?.Mark("schools");

        // A retiring source's students leave in the transaction that applies this upload, so they take no seat after it.
        var otherStudents = await db.People.Where(ActiveStudent.Predicate)
            .CountAsync(p => p.DistrictId == districtId && p.Source != RosterSource.Csv
            && !db.Districts.Any(d => d.Id == districtId && d.RosterSource == RosterSource.Csv
                && d.RetiringRosterSource == p.Source), token);
        timer?.Mark("students");

        var district = new DistrictState
        {
            DistrictId = districtId,
            ThresholdPercent = threshold.Value,
            CsvPeople = people,
            Usernames = new Dictionary<string, string?>(StringComparer.Ordinal),
            Schools = active,
            ArchivedCsvSchools = archived,
            SchoolNames = names,
            ActiveStudentsFromOtherSources = otherStudents,
        };
        if (users is null) return district;
        var toRead = district.ToReadInFull(users);
        timer?.Mark("hashes");
        await district.ReadInFullAsync(db, csv, toRead, token);
        timer?.Mark($"full({toRead.Count})");
        await district.ReadUsernameHoldersAsync(db, users, token);
        timer?.Mark("usernames");
        return district;
    }

    /// <summary>
    /// The people the plan compares field by field: rows that do not match their stored hash, and people the file omits. The
    /// rows' hashes are kept on <paramref name="users"/> for the next step of the same upload.
    /// </summary>
    private List<int> ToReadInFull(ParsedFile users)
    {
        var ids = new List<int>();
        var inFile = new HashSet<string>(users.People.Count, StringComparer.Ordinal);
        var people = new ExistingPerson?[users.People.Count];
        var schoolId = _schoolIdOf ??= SchoolId;
        var memo = users.Hashes is { } kept && kept.Hashes.Length == users.People.Count && kept.Fits(schoolId) ? kept : null;
        var hashes = memo?.Hashes ?? new long?[users.People.Count];
        for (var i = 0; i < users.People.Count; i++)
        {
            var row = users.People[i];
            inFile.Add(row.UserId);
            if (!CsvPeople.TryGetValue(row.UserId, out var existing)) continue;
            people[i] = existing;
            if (memo is null) hashes[i] = CsvRowHashes.Of(row, schoolId);
            if (existing is { IsActive: true, RowHash: { } stored } && row.Password is null && hashes[i] == stored)
                existing.MatchedRow = row;
            else ids.Add(existing.Id);
        }
        if (memo is null && CsvPeople.Count > 0) users.Hashes = new RowHashMemo(hashes, new(_schoolIdsByName, StringComparer.Ordinal));
        foreach (var existing in CsvPeople.Values)
            if (existing.IsActive && !inFile.Contains(existing.ExternalId)) ids.Add(existing.Id);
        _rows = new RowMatches(users, people, inFile);
        return ids;
    }

    /// <summary>Replaces the compact entries of <paramref name="ids"/> with full ones; all at once when most are needed.</summary>
    private async Task ReadInFullAsync(TwigDb db, IQueryable<Person> csv, List<int> ids, CancellationToken token)
    {
        if (ids.Count == 0) return;
        if (ids.Count > CsvPeople.Count / 4)
        {
            await ReadInFullAsync(db, csv, token);
            _rows?.Refresh(CsvPeople, all: true);
            return;
        }
        ids.Sort();
        foreach (var chunk in ids.Chunk(IdsPerQuery)) await ReadInFullByIdAsync(db, chunk, token);
        _rows?.Refresh(CsvPeople, all: false);
    }

    /// <summary>
    /// A few of the district's CSV people in full, found by id alone: with the district in the query, SQLite (which keeps no
    /// statistics) walks the district's index, every CSV person, to find them. The ids come from the compact read; the district
    /// and source are checked again here, so a person who left the district's CSV people since is not taken.
    /// </summary>
    private async Task ReadInFullByIdAsync(TwigDb db, int[] ids, CancellationToken token)
    {
        var rows = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.DistrictId, p.Source, Person = new ExistingPerson
                {
                    Id = p.Id, ExternalId = p.ExternalId, FirstName = p.FirstName, LastName = p.LastName, Email = p.Email,
                    Username = p.Username, PasswordHash = p.PasswordHash, Roles = p.Roles, IsActive = p.IsActive,
                    RowHash = p.CsvRowHash,
                },
            })
            .ToListAsync(token);
        var byId = rows.Where(r => r.DistrictId == DistrictId && r.Source == RosterSource.Csv)
            .ToDictionary(r => r.Person.Id, r => r.Person);
        var links = await db.PersonSchools.AsNoTracking().Where(l => ids.Contains(l.PersonId))
            .Select(l => new { l.PersonId, l.SchoolId })
            .ToListAsync(token);
        foreach (var link in links)
            if (byId.TryGetValue(link.PersonId, out var person)) person.SchoolIds.Add(link.SchoolId);
        foreach (var person in byId.Values) CsvPeople[person.ExternalId] = person;
    }

    private async Task ReadInFullAsync(TwigDb db, IQueryable<Person> people, CancellationToken token)
    {
        var full = await people
            .Select(p => new ExistingPerson
            {
                Id = p.Id, ExternalId = p.ExternalId, FirstName = p.FirstName, LastName = p.LastName, Email = p.Email,
                Username = p.Username, PasswordHash = p.PasswordHash, Roles = p.Roles, IsActive = p.IsActive, RowHash = p.CsvRowHash,
            })
            .ToListAsync(token);
        var byId = full.ToDictionary(p => p.Id);
        // From the people to their links: the work grows with the people read, not with every district's links.
        var links = await people
            .Join(db.PersonSchools.AsNoTracking(), p => p.Id, l => l.PersonId, (p, l) => new { l.PersonId, l.SchoolId })
            .ToListAsync(token);
        foreach (var link in links)
            if (byId.TryGetValue(link.PersonId, out var person)) person.SchoolIds.Add(link.SchoolId);
        foreach (var person in full) CsvPeople[person.ExternalId] = person;
    }

    /// <summary>
    /// Every CSV person of the district, compactly: stepped natively on SQLite, by a plain data reader elsewhere (about a fifth
    /// of what the same projection costs through EF for 100,000 people: no shaper, no anonymous object per row). Each of an
    /// upload's three steps reads it.
    /// </summary>
    private static async Task<Dictionary<string, ExistingPerson>> ReadCompactAsync(TwigDb db, int districtId, int capacity,
        CancellationToken token)
    {
        const string sql = """
            SELECT "Id", "ExternalId", "CsvRowHash", "IsActive", "Roles",
                CASE WHEN "PasswordHash" IS NULL THEN 0 ELSE 1 END
            FROM "People" WHERE "DistrictId" = @d AND "Source" = @s
            """;
        var people = new Dictionary<string, ExistingPerson>(capacity, StringComparer.Ordinal);
        await RowCursor.ReadAsync(db, sql, [("@d", districtId), ("@s", (int)RosterSource.Csv)], Keep, token);
        return people;

        void Keep(RowCursor row)
        {
            var externalId = row.Text(1);
            people[externalId] = new ExistingPerson
            {
                Id = row.Int(0), ExternalId = externalId, RowHash = row.NullableLong(2), IsActive = row.Bool(3),
                Roles = (PersonRoles)row.Int(4), HasPassword = row.Int(5) != 0, Compact = true,
            };
        }
    }

    private static async Task<(Dictionary<string, int> Active, Dictionary<string, int> Archived, Dictionary<int, string> Names)>
        SchoolsAsync(TwigDb db, int districtId, CancellationToken token)
    {
        var schools = await db.Schools.AsNoTracking()
            .Where(s => s.DistrictId == districtId)
            .Select(s => new { s.Id, s.Name, s.IsActive, s.Source, s.ExternalId })
            .OrderBy(s => s.Id)
            .ToListAsync(token);
        var active = new Dictionary<string, int>(StringComparer.Ordinal);
        var archived = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new Dictionary<int, string>(schools.Count);
        foreach (var school in schools)
        {
            names[school.Id] = school.Name;
            if (school.IsActive) active.TryAdd(RosterFields.Normalize(school.Name), school.Id);
            else if (school.Source == RosterSource.Csv) archived.TryAdd(school.ExternalId, school.Id);
        }
        return (active, archived, names);
    }
}
