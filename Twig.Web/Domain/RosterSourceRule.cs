using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Infrastructure;

namespace Twig.Web.Domain;

/// <summary>
/// Sources never mix: only the district's chosen source may import or sync into it (<see cref="RefusalAsync"/>), and a
/// switch of source completes when the new source's first import or sync is applied (<see cref="CompleteAsync"/>). Every
/// importer (users.csv and classes.csv, OneRoster, the Clever sync) asks the same rule, so it lives here and not in a slice.
/// </summary>
public static class RosterSourceRule
{
    /// <summary>Whether <paramref name="source"/> may import into the district, and if not, the sentence that says why.</summary>
    public static async Task<string?> RefusalAsync(TwigDb db, int districtId, RosterSource source, CancellationToken token)
    {
        // The connection's id, not a computed flag: every column then reads straight from a table (the SQL Server dry run answers it so).
        var district = await db.Districts.AsNoTracking().Where(d => d.Id == districtId)
            .Select(d => new { d.RosterSource, Id = (int?)d.CleverConnection!.Id, d.DeletedAt }).SingleOrDefaultAsync(token);
        if (district is null) return "There is no such district.";
        // Its deletion removes its roster batch by batch: nothing may arrive behind it.
        if (district.DeletedAt is not null) return "This district's data is being deleted, so no roster is accepted.";
        var chosen = RosterSources.Effective(district.RosterSource, district.Id is not null);
        return chosen == source ? null
            : $"This district is rostered from {chosen.Describe()}, so a {source.Describe()} import is not accepted: sources never mix. " +
              "Twig support can change the district's roster source.";
    }

    /// <summary>
    /// Called inside the transaction that applies an import (or sync) of <paramref name="arrived"/>: when the district is
    /// switching to it, the retiring source's people, classes and enrollments are deactivated now (never deleted), and the
    /// switch is audited as complete. Returns how many people were deactivated.
    /// </summary>
    public static async Task<int> CompleteAsync(TwigDb db, AuditTrail audit, int districtId, RosterSource arrived, DateTime now,
        CancellationToken token)
    {
        var district = await db.Districts.Where(d => d.Id == districtId).Select(d => new { d.RosterSource, d.RetiringRosterSource })
            .SingleOrDefaultAsync(token);
        if (district?.RetiringRosterSource is not { } old || district.RosterSource != arrived) return 0;

        // In batches: a whole district in one statement would lock the whole table on SQL Server until the import commits.
        var people = await KeyedBatches.UpdateAsync(db.People.Where(p => p.DistrictId == districtId && p.Source == old && p.IsActive),
            p => p.Id, s => s.SetProperty(p => p.IsActive, false).SetProperty(p => p.DeactivatedAt, now)
                .SetProperty(p => p.UpdatedAt, now), token);
        await KeyedBatches.UpdateAsync(db.Enrollments.Where(e => e.DistrictId == districtId && e.Source == old && e.IsActive),
            e => e.Id, s => s.SetProperty(e => e.IsActive, false).SetProperty(e => e.DeactivatedAt, now)
                .SetProperty(e => e.UpdatedAt, now), token);
        await KeyedBatches.UpdateAsync(db.Sections.Where(x => x.DistrictId == districtId && x.Source == old && x.IsActive),
            x => x.Id, s => s.SetProperty(x => x.IsActive, false).SetProperty(x => x.DeactivatedAt, now)
                .SetProperty(x => x.UpdatedAt, now), token);
        await db.Districts.Where(d => d.Id == districtId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.RetiringRosterSource, (RosterSource?)null), token);
        audit.Record("district.roster-source.completed", districtId,
            $"The first {arrived.Describe()} import was applied; {people:N0} people from {old.Describe()} were deactivated.");
        return people;
    }
}
