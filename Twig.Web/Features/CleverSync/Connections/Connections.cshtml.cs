using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.CleverSync.Connections;

/// <summary>Every Clever district that added Twig; support admins approve (linking or creating the Twig district) or reject.</summary>
[Authorize(Policy = TwigPolicies.IsStaff)]
public sealed class Connections(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    [BindProperty] public ApproveForm Approval { get; set; } = new();
    public bool IsSupportAdmin => User.IsInRole(TwigRoles.SupportAdmin);

    /// <summary>
    /// The seats of a refused approval as typed: "7.5" does not bind, and <see cref="ApproveForm.NewSeats"/> would show it as an
    /// empty field.
    /// </summary>
    public string? TypedSeats => ModelState[SeatsKey]?.AttemptedValue;

    private const string SeatsKey = $"{nameof(Approval)}.{nameof(ApproveForm.NewSeats)}";

    public sealed class ApproveForm
    {
        public int ConnectionId { get; set; }
        public string? DistrictSlug { get; set; }
        public bool CreateDistrict { get; set; }
        public string? NewName { get; set; }
        public int? NewSeats { get; set; }
        public bool RunInitialSync { get; set; } = true;
        public string? ConfirmedSlug { get; set; }
    }

    /// <summary>The Twig district a refused approval asks to confirm the link to, as its names differ from Clever's.</summary>
    public string? ConfirmLinkTo { get; private set; }

    public async Task OnGetAsync(CancellationToken token) => Data = await mediator.Send(new Query(), token);

    public async Task<IActionResult> OnPostDiscoverAsync(CancellationToken token)
    {
        if (!User.IsInRole(TwigRoles.SupportAdmin)) return Forbid();
        try
        {
            Notice = (await mediator.Send(new DiscoverConnections.Command(), token)).Summary();
        }
        catch (CleverFetchException ex)
        {
            Notice = $"Clever could not be asked: {ex.Message}";
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken token)
    {
        if (!User.IsInRole(TwigRoles.SupportAdmin)) return Forbid();
        var form = Approval;
        // "7.5" does not bind: the rule is said in Twig's words, not MVC's "The value '7.5' is not valid for NewSeats.", and not
        // as the "Seats is required" of the empty value the command then gets.
        var unboundSeats = UnboundValue.SayRule(ModelState, SeatsKey, form.CreateDistrict ? NewDistricts.SeatsRule : null);
        try
        {
            var result = await mediator.Send(new ApproveConnection.Command
            {
                ConnectionId = form.ConnectionId, DistrictSlug = form.DistrictSlug is { } slug ? District.NormalizeSlug(slug) : null,
                CreateDistrict = form.CreateDistrict,
                NewName = form.NewName, NewSeats = form.NewSeats, RunInitialSync = form.RunInitialSync,
                ConfirmedSlug = form.ConfirmedSlug,
            }, token);
            Notice = result.InitialRunId is null ? $"Approved. {result.Note ?? "No initial sync was queued, as asked."}"
                : "Approved. The initial sync is queued.";
            return RedirectToPage("/CleverSync/History/SyncHistory", new { districtId = result.DistrictId });
        }
        catch (FluentValidation.ValidationException invalid)
        {
            var failures = invalid.Errors.Where(f => !(unboundSeats && f.PropertyName == nameof(ApproveConnection.Command.NewSeats)));
            foreach (var failure in failures) ModelState.AddModelError("", failure.ErrorMessage);
            ConfirmLinkTo = invalid.Errors.FirstOrDefault(f => f.ErrorCode == ApproveConnection.NamesDiffer)?.CustomState as string;
            Data = await mediator.Send(new Query(), token);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRejectAsync(int connectionId, CancellationToken token)
    {
        if (!User.IsInRole(TwigRoles.SupportAdmin)) return Forbid();
        Notice = await mediator.Send(new RejectConnection.Command(connectionId), token)
            ? "Rejected. The district stays out of every sync."
            : "That connection is not waiting for approval.";
        return RedirectToPage();
    }

    public sealed record Query : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Row> Connections, IReadOnlyList<DistrictChoice> UnlinkedDistricts);

    public sealed record Row
    {
        public required int Id { get; init; }
        public required string CleverDistrictId { get; init; }
        public required string CleverName { get; init; }
        public required CleverConnectionState State { get; init; }
        public string? StateReason { get; init; }
        public int? DistrictId { get; init; }
        public string? DistrictName { get; init; }
        public required DateTime FirstSeenAt { get; init; }
        public required DateTime LastSeenAt { get; init; }
        public string? DecidedBy { get; init; }
    }

    public sealed record DistrictChoice(string Slug, string Name);

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query message, CancellationToken token)
        {
            var rows = await db.CleverConnections.AsNoTracking()
                .OrderBy(c => c.State).ThenByName(c => c.CleverDistrictName)
                .Select(c => new Row
                {
                    Id = c.Id,
                    CleverDistrictId = c.CleverDistrictId,
                    CleverName = c.CleverDistrictName,
                    State = c.State,
                    StateReason = c.StateReason,
                    DistrictId = c.DistrictId,
                    DistrictName = c.District == null ? null : c.District.Name,
                    FirstSeenAt = c.FirstSeenAt,
                    LastSeenAt = c.LastSeenAt,
                    DecidedBy = c.DecidedBy,
                })
                .ToListAsync(token);
            var unlinked = await db.Districts.AsNoTracking().Where(d => d.CleverConnection == null).OrderByName(d => d.Name)
                .Select(d => new DistrictChoice(d.Slug, d.Name)).ToListAsync(token);
            return new Result(rows, unlinked);
        }
    }
}
