using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.CleverSync.Lifecycle;

/// <summary>
/// Pauses a district's nightly syncs until a day, with a reason (summer, school-year rollover): districts empty and
/// reload Clever between years, and a nightly sync in between would only be held or deactivate people. "Sync now"
/// still works. The owner or a support admin pauses and ends a pause; both are audited.
/// </summary>
public static class NightlyPause
{
    /// <summary>The longest pause: a school year.</summary>
    public const int MaxDays = 366;

    public sealed record Pause(int DistrictId, DateOnly? Until, string? Reason) : ICommand<string>;

    public sealed record Resume(int DistrictId) : ICommand<string>;

    public sealed class PauseValidator : AbstractValidator<Pause>
    {
        public PauseValidator(TimeProvider clock)
        {
            // One message at a time: an empty day is not also "not after today".
            RuleFor(p => p.Until).Cascade(CascadeMode.Stop).NotNull().WithMessage("Choose the day nightly syncs start again.")
                .Must(until => until > Today(clock)).WithMessage("The day nightly syncs start again must be after today.")
                .Must(until => until <= Today(clock).AddDays(MaxDays)).WithMessage($"A pause lasts at most {MaxDays} days.");
            RuleFor(p => p.Reason).NotEmpty()
                .WithMessage("Say why nightly syncs are paused (it is shown to the district and to Twig support).")
                .MaximumLength(500).WithMessage("Keep the reason under 500 characters.");
        }
    }

    public sealed class PauseHandler(TwigDb db, CurrentActor actor, AuditTrail audit, TimeProvider clock) : ICommandHandler<Pause, string>
    {
        public async ValueTask<string> Handle(Pause message, CancellationToken token)
        {
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
            var district = await db.Districts.SingleAsync(d => d.Id == message.DistrictId, token);
            district.NightlyPausedUntil = message.Until!.Value;
            district.NightlyPauseReason = message.Reason!.Trim();
            district.NightlyPausedBy = actor.Name;
            district.NightlyPausedAt = clock.GetUtcNow().UtcDateTime;
            var text = $"Nightly syncs are paused until {DisplayTime.Day(message.Until!.Value)} ({district.NightlyPauseReason}). " +
                "Sync now still works.";
            audit.Record("sync.paused", district.Id, text);
            await db.SaveChangesAsync(token);
            return text;
        }
    }

    public sealed class ResumeHandler(TwigDb db, AuditTrail audit) : ICommandHandler<Resume, string>
    {
        public async ValueTask<string> Handle(Resume message, CancellationToken token)
        {
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
            var district = await db.Districts.SingleAsync(d => d.Id == message.DistrictId, token);
            if (district.NightlyPausedUntil is null) return "Nightly syncs were not paused.";
            district.NightlyPausedUntil = null;
            district.NightlyPauseReason = null;
            district.NightlyPausedBy = null;
            district.NightlyPausedAt = null;
            audit.Record("sync.resumed", district.Id, "The pause of nightly syncs was ended; they run again from tonight.");
            await db.SaveChangesAsync(token);
            return "The pause is over: nightly syncs run again from tonight.";
        }
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
