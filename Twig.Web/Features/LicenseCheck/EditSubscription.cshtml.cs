using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>
/// A support admin sets a district's subscription: status, seats and dates. Every change is audited with its old
/// and new values. Seats below current usage are allowed (the district then shows as over licence); nobody is deactivated.
/// </summary>
[Authorize(Policy = TwigPolicies.IsSupportAdmin)]
public sealed class EditSubscription(IMediator mediator, IValidator<EditSubscription.Command> validator) : PageModel
{
    [BindProperty]
    public Command Data { get; set; } = new();

    public Model Current { get; private set; } = null!;

    [TempData]
    public string? Saved { get; set; }

    [TempData]
    public string? SavedWarning { get; set; }

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token)
    {
        var model = await mediator.Send(new Query(districtId), token);
        if (model is null) return NotFound();
        Current = model;
        Data = model.Form;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int districtId, CancellationToken token)
    {
        var model = await mediator.Send(new Query(districtId), token);
        if (model is null) return NotFound();
        Current = model;
        Data.DistrictId = districtId; // from the route, never from the form
        UnboundValue.SayRule(ModelState, $"{nameof(Data)}.{nameof(Command.Seats)}", NewDistricts.SeatsRule);
        if (!ModelState.IsValid)
        {
            await UnboundValue.SayOtherMistakesAsync(ModelState, nameof(Data), validator, Data, token);
            return Page();
        }

        var result = await mediator.Send(Data, token);
        Saved = result.Changes.Count == 0
            ? "Nothing changed."
            : $"Subscription saved: {string.Join("; ", result.Changes)}.";
        SavedWarning = result.Seats < result.Used
            ? $"{Format(result.Used)} students are active but only {Format(result.Seats)} seats are licensed: " +
              "the district is over its licence. " +
              "Nobody was deactivated; syncs and imports that would add students will be refused."
            : null;
        return RedirectToPage(new { districtId });
    }

    private static string Format(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("en-US"));

    public sealed record Query(int DistrictId) : IQuery<Model?>;

    /// <param name="Form">The subscription as it is now, to prefill the form.</param>
    public sealed record Model(string DistrictName, SeatUsage Usage, Command Form);

    public sealed class Command : ICommand<Result>
    {
        [BindNever]
        public int DistrictId { get; set; }
        public SubscriptionStatus? Status { get; set; }
        public int? Seats { get; set; }
        public DateOnly? StartsOn { get; set; }
        public DateOnly? EndsOn { get; set; }
    }

    /// <param name="Changes">"seats 1,000 → 800" and so on; empty when nothing changed.</param>
    public sealed record Result(IReadOnlyList<string> Changes, int Used, int Seats);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Status).NotNull().WithMessage("Choose a status: pilot, active or expired.")
                .IsInEnum().WithMessage("Choose a status: pilot, active or expired.");
            RuleFor(c => c.Seats).NotNull().WithMessage("Enter the number of licensed student seats.")
                .LicensedSeats();
            RuleFor(c => c.StartsOn).NotNull().WithMessage("Enter the start date.");
            RuleFor(c => c.EndsOn).GreaterThanOrEqualTo(c => c.StartsOn!.Value)
                .When(c => c.StartsOn is not null && c.EndsOn is not null)
                .WithMessage("The end date must be on or after the start date.");
        }
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token)
        {
            if (await Licence.ReadAsync(db, clock, message.DistrictId, token) is not { } licence) return null;
            var form = new Command
            {
                DistrictId = message.DistrictId,
                Status = licence.StoredStatus ?? SubscriptionStatus.Active,
                Seats = licence.Usage.Seats,
                StartsOn = licence.StartsOn ?? Subscription.Today(clock),
                EndsOn = licence.EndsOn,
            };
            return new Model(licence.DistrictName, licence.Usage, form);
        }
    }

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, IPublisher publisher) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
            var subscription = await db.Subscriptions.SingleOrDefaultAsync(s => s.DistrictId == message.DistrictId, token);
            var existed = subscription is not null;
            if (subscription is null)
            {
                if (!await db.Districts.AnyAsync(d => d.Id == message.DistrictId, token))
                    throw new InvalidOperationException($"District {message.DistrictId} does not exist.");
                subscription = new Subscription { DistrictId = message.DistrictId };
                db.Subscriptions.Add(subscription);
            }

            var us = CultureInfo.GetCultureInfo("en-US");
            string Date(DateOnly? date) => date is { } d ? DisplayTime.Day(d) : "none";
            var changes = new List<string>();
            void Note(string field, string before, string after)
            {
                if (before != after) changes.Add($"{field} {before} → {after}");
            }
            Note("status", existed ? subscription.Status.ToString() : "none", message.Status!.Value.ToString());
            Note("seats", existed ? subscription.LicensedStudentSeats.ToString("N0", us) : "none", message.Seats!.Value.ToString("N0", us));
            Note("starts", existed ? Date(subscription.StartsOn) : "none", Date(message.StartsOn));
            Note("ends", existed ? Date(subscription.EndsOn) : "none", Date(message.EndsOn));

            subscription.Status = message.Status.Value;
            subscription.LicensedStudentSeats = message.Seats.Value;
            subscription.StartsOn = message.StartsOn!.Value;
            subscription.EndsOn = message.EndsOn;

            var used = await SeatUsage.CountActiveStudentsAsync(db, message.DistrictId, token);
            if (changes.Count > 0)
            {
                var details = string.Join("; ", changes);
                if (subscription.LicensedStudentSeats < used)
                    details += $" (over licence: {used.ToString("N0", us)} students active)";
                audit.Record("subscription.changed", message.DistrictId, details);
            }
            await publisher.Publish(new Domain.Events.LicensedSeatsChanged(message.DistrictId, subscription.LicensedStudentSeats), token);
            return new Result(changes, used, subscription.LicensedStudentSeats);
        }
    }
}
