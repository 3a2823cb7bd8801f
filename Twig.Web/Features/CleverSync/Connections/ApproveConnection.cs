using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.CleverSync.Connections;

/// <summary>
/// A support admin links a pending Clever connection to a Twig district (an existing one, or a new one created
/// here) and approves it; the initial sync is queued unless the district asked otherwise.
/// </summary>
public static class ApproveConnection
{
    public sealed record Command : ICommand<Result>
    {
        public required int ConnectionId { get; init; }
        /// <summary>The Twig district to link, or the slug of the one created here.</summary>
        public string? DistrictSlug { get; init; }
        /// <summary>Create the district (named <see cref="NewName"/>, <see cref="NewSeats"/> seats) instead of linking an existing
        /// one.</summary>
        public bool CreateDistrict { get; init; }
        public string? NewName { get; init; }
        public int? NewSeats { get; init; }
        public bool RunInitialSync { get; init; }
        /// <summary>
        /// The slug whose link support confirmed although the Clever and Twig names differ: a slug, not a yes, so a confirmation
        /// never carries over to another district typed after it.
        /// </summary>
        public string? ConfirmedSlug { get; init; }
    }

    /// <summary>The code of the failure that asks support to confirm a link between differently named districts.</summary>
    public const string NamesDiffer = "names-differ";

    public sealed record Result(int DistrictId, int? InitialRunId, string? Note);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TwigDb db)
        {
            RuleFor(c => c.DistrictSlug).NotEmpty().WithMessage("Choose the Twig district to link, or give the slug of the new one.");
            RuleFor(c => c.NewName).NotEmpty().When(c => c.CreateDistrict).WithMessage("A new district needs a name.");
            RuleFor(c => c.NewName).MaximumLength(NewDistricts.NameLength).When(c => c.CreateDistrict);
            RuleFor(c => c.DistrictSlug).NewDistrictSlug()
                .When(c => c.CreateDistrict && !string.IsNullOrEmpty(c.DistrictSlug));
            RuleFor(c => c.NewSeats).NotNull().WithMessage("Seats is required: a new district needs its number of licensed student seats.")
                .LicensedSeats().When(c => c.CreateDistrict);
            RuleFor(c => c).CustomAsync(async (command, context, ct) =>
            {
                var connection = await db.CleverConnections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == command.ConnectionId, ct);
                if (connection is null) { context.AddFailure("", "There is no such Clever connection."); return; }
                if (connection.State is not (CleverConnectionState.PendingApproval or CleverConnectionState.Rejected))
                {
                    // The same approval again (a double submit, two admins at once) is answered, not refused.
                    var sameChoice = connection.DistrictId is { } linked
                        && await db.Districts.AnyAsync(d => d.Id == linked && d.Slug == command.DistrictSlug, ct);
                    if (!sameChoice) context.AddFailure("", "This connection has already been approved.");
                    return;
                }
                if (command.DistrictSlug is null) return;
                if (command.CreateDistrict)
                {
                    if (await db.Districts.AnyAsync(d => d.Slug == command.DistrictSlug, ct))
                        context.AddFailure(nameof(Command.DistrictSlug), NewDistricts.SlugTaken(command.DistrictSlug));
                    return;
                }
                var district = await db.Districts.AsNoTracking().Include(d => d.CleverConnection)
                    .SingleOrDefaultAsync(d => d.Slug == command.DistrictSlug, ct);
                if (district is null)
                    context.AddFailure(nameof(Command.DistrictSlug), $"There is no district with the slug '{command.DistrictSlug}'.");
                else if (district.CleverConnection is not null && district.CleverConnection.Id != command.ConnectionId)
                    context.AddFailure(nameof(Command.DistrictSlug), $"{district.Name} is already linked to another Clever district.");
                // Sources never mix: a district on CSV or OneRoster takes no Clever connection, which would also turn its sign-in
                // page over to Clever. Moving it to Clever is the audited roster source change, which support does first.
                else if (RosterSources.ChoseOtherThanClever(district.RosterSource))
                    context.AddFailure(nameof(Command.DistrictSlug),
                        $"{district.Name} is rostered from {district.RosterSource!.Value.Describe()}, so it cannot be linked to a Clever " +
                        "connection: sources never mix. Nothing was changed. To move it to Clever, change its roster source first " +
                        $"(Districts → {district.Name} → Roster source), then approve again.");
                else if (!SameName(connection.CleverDistrictName, district.Name) && command.ConfirmedSlug != district.Slug)
                    context.AddFailure(new FluentValidation.Results.ValidationFailure(nameof(Command.DistrictSlug),
                        $"{connection.CleverDistrictName} is named {district.Name} in Twig. If they are the same district, tick " +
                        $"\"Yes, link {connection.CleverDistrictName} to {district.Name}\" and approve again.")
                    { ErrorCode = NamesDiffer, CustomState = district.Name });
            });
        }

        private static bool SameName(string clever, string twig) =>
            string.Equals(clever.Trim(), twig.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    public sealed class CommandHandler(TwigDb db, IMediator mediator, AuditTrail audit, CurrentActor actor, TimeProvider clock)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            // Claimed by one conditional update, so two approvals at the same moment (two admins, two instances) link
            // and queue once: the second finds it taken and reports the first one's choice.
            var claimed = await db.CleverConnections
                .Where(c => c.Id == message.ConnectionId && (c.State == CleverConnectionState.PendingApproval
                    || c.State == CleverConnectionState.Rejected))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CleverConnectionState.Connected), token);
            if (claimed == 0)
            {
                var linked = await db.CleverConnections.Where(c => c.Id == message.ConnectionId).Select(c => c.DistrictId)
                    .SingleAsync(token);
                return new Result(linked ?? 0, null,
                    "This connection was already approved (by someone else, or at the same moment); it stays linked as it was.");
            }
            var connection = await db.CleverConnections.SingleAsync(c => c.Id == message.ConnectionId, token);
            var districtId = message.CreateDistrict
                ? await OpenDistrictAsync(message, token)
                : await db.Districts.Where(d => d.Slug == message.DistrictSlug).Select(d => d.Id).SingleAsync(token);

            connection.DistrictId = districtId;
            connection.State = CleverConnectionState.Connected;
            connection.DecidedAt = clock.GetUtcNow().UtcDateTime;
            connection.DecidedBy = actor.Name;
            connection.StateReason = null;
            var district = await db.Districts.SingleAsync(d => d.Id == districtId, token);
            district.InitialSyncOnConnect = message.RunInitialSync;
            await db.SaveChangesAsync(token);
            audit.Record("connection.approved", districtId,
                $"Clever district {connection.CleverDistrictName} ({connection.CleverDistrictId}) linked; initial sync " +
                    $"{(message.RunInitialSync ? "queued" : "not requested")}");

            if (!message.RunInitialSync) return new Result(districtId, null, null);
            var run = await mediator.Send(new RequestSync.Command(districtId, SyncTrigger.Initial), token);
            return new Result(districtId, run.RunId, run.Refusal);
        }

        /// <summary>A new district for the connection, opened as support's "New district" opens one.</summary>
        private async Task<int> OpenDistrictAsync(Command message, CancellationToken token)
        {
            var district =
                NewDistricts.Open(message.NewName!, message.DistrictSlug!, message.NewSeats!.Value, null, clock.GetUtcNow().UtcDateTime);
            db.Districts.Add(district);
            await db.SaveChangesAsync(token);
            audit.Record("district.created", district.Id, NewDistricts.AuditText(district, message.NewSeats.Value));
            return district.Id;
        }
    }
}
