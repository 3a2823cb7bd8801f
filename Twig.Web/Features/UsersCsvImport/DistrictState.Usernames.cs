using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

public sealed partial class DistrictState
{
    /// <summary>Above this many usernames to look up, every username of the district is read in one query instead.</summary>
    private const int UsernamesLookedUpByName = 2 * IdsPerQuery;

    /// <summary>
    /// Fills <see cref="Usernames"/> with the holders of the usernames the plan checks: those of rows that do not match their
    /// stored hash (a matching row holds its own username, which the plan does not look up). Unchanged rows cost nothing here.
    /// </summary>
    private async Task ReadUsernameHoldersAsync(TwigDb db, ParsedFile users, CancellationToken token)
    {
        var differing = new List<string>();
        var (people, _) = RowsOf(users);
        for (var i = 0; i < people.Length; i++)
        {
            var row = users.People[i];
            if (row.Username is not null && !ReferenceEquals(people[i]?.MatchedRow, row)) differing.Add(row.Username);
        }
        if (differing.Count == 0) return;
        var district = db.People.AsNoTracking().Where(p => p.DistrictId == DistrictId && p.NormalizedUsername != null);
        // A first upload (or a file that changes most rows): one read of the district's usernames, none worked out per row.
        if (differing.Count > UsernamesLookedUpByName)
        {
            await AddHoldersAsync(district, token);
            return;
        }
        var keys = differing.Select(SignInName.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(IdsPerQuery))
            await AddHoldersAsync(district.Where(p => chunk.Contains(p.NormalizedUsername!)), token);
    }

    /// <summary>A CSV person holds a username by their user_id; anyone else (another source) as null.</summary>
    private async Task AddHoldersAsync(IQueryable<Person> people, CancellationToken token)
    {
        var holders = await people
            .Select(p => new { Name = p.NormalizedUsername!, p.Source, p.ExternalId })
            .ToListAsync(token);
        foreach (var holder in holders) Usernames[holder.Name] = holder.Source == RosterSource.Csv ? holder.ExternalId : null;
    }
}
