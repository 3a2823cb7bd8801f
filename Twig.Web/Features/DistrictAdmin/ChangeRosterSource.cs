using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// Support moves a district to another roster source (Clever, Twig CSV, OneRoster). Sources never mix: from now on only the
/// new source's imports are accepted. The old source's people are not touched here; they are deactivated by
/// <see cref="CompleteAsync"/> inside the transaction that applies the new source's first import, so the district's
/// teachers and students keep signing in until their replacements exist.
/// </summary>
public static class ChangeRosterSource
{
    public sealed record Command(int DistrictId, RosterSource Source) : ICommand<Result>;

    public sealed record Result(RosterSource From, RosterSource To, bool Changed);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TwigDb db)
        {
            RuleFor(c => c.Source).IsInEnum();
            RuleFor(c => c.DistrictId).MustAsync((id, ct) => db.Districts.AnyAsync(d => d.Id == id && d.DeletedAt == null, ct))
                .WithMessage("There is no such district.");
        }
    }

    public sealed class CommandHandler(TwigDb db, AuditTrail audit) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var district = await db.Districts.Include(d => d.CleverConnection).SingleAsync(d => d.Id == message.DistrictId, token);
            var from = RosterSources.Effective(district.RosterSource, district.CleverConnection is not null);
            if (from == message.Source && district.RosterSource is not null) return new Result(from, from, false);

            // The source whose people are still active: a second switch before any import keeps the first one's people.
            var retiring = district.RetiringRosterSource ?? from;
            district.RosterSource = message.Source;
            district.RetiringRosterSource = retiring == message.Source ? null : retiring;
            var active = await db.People.CountAsync(p => p.DistrictId == district.Id && p.Source == retiring && p.IsActive, token);
            audit.Record("district.roster-source.changed", district.Id,
                $"Roster source {from.Describe()} → {message.Source.Describe()}. " +
                (district.RetiringRosterSource is null ? "" : $"{active:N0} active people from {retiring.Describe()} stay active until the first {message.Source.Describe()} import is applied."));
            return new Result(from, message.Source, true);
        }
    }

    /// <summary>Whether <paramref name="source"/> may import into the district, and if not, the sentence that says why.</summary>
    public static async Task<string?> RefusalAsync(TwigDb db, int districtId, RosterSource source, CancellationToken token)
    {
        var district = await db.Districts.AsNoTracking().Where(d => d.Id == districtId)
            .Select(d => new { d.RosterSource, Clever = d.CleverConnection != null }).SingleOrDefaultAsync(token);
        if (district is null) return "There is no such district.";
        var chosen = RosterSources.Effective(district.RosterSource, district.Clever);
        return chosen == source ? null
            : $"This district is rostered from {chosen.Describe()}, so a {source.Describe()} import is not accepted: sources never mix. " +
              "Twig support can change the district's roster source.";
    }

    /// <summary>
    /// Called inside the transaction that applies an import of <paramref name="arrived"/>: when the district is switching to
    /// it, the retiring source's people, classes and enrollments are deactivated now (never deleted), and the switch is
    /// audited as complete. Returns how many people were deactivated.
    /// </summary>
    public static async Task<int> CompleteAsync(TwigDb db, AuditTrail audit, int districtId, RosterSource arrived, DateTime now, CancellationToken token)
    {
        var district = await db.Districts.SingleAsync(d => d.Id == districtId, token);
        if (district.RetiringRosterSource is not { } old || district.RosterSource != arrived) return 0;

        var people = await db.People.Where(p => p.DistrictId == districtId && p.Source == old && p.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false).SetProperty(p => p.DeactivatedAt, now).SetProperty(p => p.UpdatedAt, now), token);
        await db.Enrollments.Where(e => e.DistrictId == districtId && e.Source == old && e.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.IsActive, false).SetProperty(e => e.DeactivatedAt, now).SetProperty(e => e.UpdatedAt, now), token);
        await db.Sections.Where(x => x.DistrictId == districtId && x.Source == old && x.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false).SetProperty(x => x.DeactivatedAt, now).SetProperty(x => x.UpdatedAt, now), token);
        district.RetiringRosterSource = null;
        audit.Record("district.roster-source.completed", districtId,
            $"The first {arrived.Describe()} import was applied; {people:N0} people from {old.Describe()} were deactivated.");
        return people;
    }
}
