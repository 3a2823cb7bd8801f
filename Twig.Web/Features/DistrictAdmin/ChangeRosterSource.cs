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
/// <see cref="RosterSourceRule.CompleteAsync"/> inside the transaction that applies the new source's first import, so the district's
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
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
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
                (district.RetiringRosterSource is null ? ""
                    : $"{active:N0} active people from {retiring.Describe()} stay active until the first {message.Source.Describe()} " +
                    "import is applied."));
            return new Result(from, message.Source, true);
        }
    }
}
