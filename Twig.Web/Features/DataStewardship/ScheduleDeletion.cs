using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// A support admin (or the command line) asks for a district's data to be deleted. The person must type the district's
/// slug; the owner is told the date and may download an export meanwhile. <c>Immediately</c> (the command line) makes
/// the deletion due now instead of after the grace period.
/// </summary>
public static class ScheduleDeletion
{
    public sealed record Command(int DistrictId, string ConfirmSlug, bool Immediately = false) : ICommand<Result>;

    public sealed record Result(int DeletionId, DateTime DueAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TwigDb db)
        {
            RuleFor(c => c.ConfirmSlug).NotEmpty().WithMessage("Type the district's slug to confirm.")
                .CustomAsync(async (typed, context, ct) =>
                {
                    // Compared here, not in SQL: a case-insensitive database collation would let "Demo" through.
                    var slug = await db.Districts.Where(d => d.Id == context.InstanceToValidate.DistrictId)
                        .Select(d => d.Slug).SingleOrDefaultAsync(ct);
                    if (slug is not null && !Confirms(typed, slug)) context.AddFailure(Refusal(slug));
                });
            RuleFor(c => c.DistrictId)
                .MustAsync(async (id, ct) => !await db.Districts.AnyAsync(d => d.Id == id && d.DeletedAt != null, ct))
                .WithMessage("This district's data has already been deleted.");
        }
    }

    /// <summary>
    /// A destructive confirmation is typed exactly: "Demo" does not confirm "demo". Only surrounding spaces are forgiven
    /// (a paste often brings one).
    /// </summary>
    public static bool Confirms(string? typed, string slug) => string.Equals(typed?.Trim(), slug, StringComparison.Ordinal);

    public static string Refusal(string slug) => $"Type the slug exactly: {slug}. Nothing was scheduled.";

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, CurrentActor actor, IPublisher publisher, TimeProvider clock,
        IOptions<DataStewardshipOptions> options) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var dueAt = message.Immediately ? now : now.AddDays(options.Value.DeletionGraceDays);
            var deletion = await db.DistrictDeletions
                .Where(d => d.DistrictId == message.DistrictId
                            && (d.Status == DistrictDeletionStatus.Scheduled || d.Status == DistrictDeletionStatus.Running))
                .FirstOrDefaultAsync(token);
            if (deletion is not null)
            {
                // Asking again never pushes a deletion later; the command line may bring it forward to now.
                if (dueAt < deletion.DueAt) deletion.DueAt = dueAt;
                return new Result(deletion.Id, deletion.DueAt);
            }

            deletion = new DistrictDeletion { DistrictId = message.DistrictId, RequestedBy = actor.Name, RequestedAt = now, DueAt = dueAt };
            db.DistrictDeletions.Add(deletion);
            await db.SaveChangesAsync(token);
            // In the district's zone, as the audit log's readers see every other time of the district, with the exact instant.
            var zoneId = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.TimeZoneId).SingleAsync(token);
            var due = $"{DisplayTime.Format(dueAt, DisplayTime.ZoneOrDefault(zoneId))} ({DisplayTime.Utc(dueAt)})";
            audit.Record("district.deletion-scheduled", message.DistrictId, $"Deletion of the district's data due {due}");

            var contract = await DeletionContract.ReadAsync(db, clock, message.DistrictId, token);
            await publisher.Publish(new DistrictDeletionScheduled(deletion.Id, message.DistrictId, dueAt, contract.EndedOn), token);
            return new Result(deletion.Id, dueAt);
        }
    }
}
