using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.Notifications;
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
                .MustAsync(async (command, slug, ct) =>
                    await db.Districts.AnyAsync(d => d.Id == command.DistrictId && d.Slug == District.NormalizeSlug(slug ?? ""), ct))
                .WithMessage("The slug you typed is not this district's slug; nothing was scheduled.");
            RuleFor(c => c.DistrictId)
                .MustAsync(async (id, ct) => !await db.Districts.AnyAsync(d => d.Id == id && d.DeletedAt != null, ct))
                .WithMessage("This district's data has already been deleted.");
        }
    }

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, CurrentActor actor, Outbox outbox, AppLinks links, TimeProvider clock,
        IOptions<DataStewardshipOptions> options, ILogger<CommandHandler> logger) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var dueAt = message.Immediately ? now : now.AddDays(options.Value.DeletionGraceDays);
            var deletion = await db.DistrictDeletions
                .Where(d => d.DistrictId == message.DistrictId && (d.Status == DistrictDeletionStatus.Scheduled || d.Status == DistrictDeletionStatus.Running))
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
            var due = dueAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
            audit.Record("district.deletion-scheduled", message.DistrictId, $"Deletion of the district's data due {due}");

            // The owner reads the date in the district's own zone; the UTC instant beside it is what support quotes.
            var district = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => new { d.Name, d.TimeZoneId }).SingleAsync(token);
            var name = district.Name;
            var zone = DisplayTime.ZoneOrDefault(district.TimeZoneId);
            await OwnerNotice.TryAsync(async () => await outbox.AddAsync(NotificationKind.DistrictDeletionScheduled, message.DistrictId, $"deletion:{deletion.Id}:scheduled",
                await outbox.OwnersAsync(message.DistrictId, token),
                new NotificationMessage($"Twig: {name}'s data will be deleted on {DisplayTime.Format(dueAt, zone, TimePart.Date)}",
                    $"Twig support has scheduled the deletion of all of {name}'s data (people, classes, enrollments, schools, sync and import history) at the end of your contract.",
                    [$"Deletion due: {DisplayTime.Format(dueAt, zone)} ({DisplayTime.Utc(dueAt)})",
                     "Until then you can download a full export of your district's data from your dashboard.",
                     "Afterwards your Twig account is closed and you receive a deletion certificate by e-mail.",
                     "If this is a mistake, contact Twig support before the date: the deletion can be cancelled until then."],
                    "Download your district's data", links.To("/district/data")), token), logger);
            return new Result(deletion.Id, dueAt);
        }
    }
}
