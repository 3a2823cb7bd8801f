using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.CleverSync.Lifecycle;

/// <summary>
/// The state of a district's Clever connection in words — what it means for sign-in and for syncs, and what to do —
/// with the nightly pause and, for support admins, "Re-check with Clever". For any page, in one line:
/// <c>@await Component.InvokeAsync("ConnectionPanel", new { districtId, returnUrl })</c> (by name, so other slices need no reference).
/// The caller has already decided that the viewer may see this district.
/// </summary>
public sealed class ConnectionPanelViewComponent(IMediator mediator) : ViewComponent
{
    public const string PartialPath = "/Features/CleverSync/Lifecycle/_ConnectionPanel.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(int districtId, string returnUrl)
    {
        var model = await mediator.Send(new ConnectionPanel.Query(districtId), HttpContext.RequestAborted);
        if (model is null || model.State == DistrictConnectionState.NotOnClever) return Content("");
        var user = UserClaimsPrincipal;
        return View(PartialPath, model with
        {
            CanManage = DistrictAccessHandler.IsAllowed(user, districtId, manage: true),
            CanRecheck = user.IsInRole(TwigRoles.SupportAdmin),
            ReturnUrl = returnUrl,
            // A pause the server refused comes back with what was typed (see CleverLifecycle).
            TypedUntil = TempData[CleverLifecycle.TypedUntilKey] is int day
                ? DateOnly.FromDayNumber(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            TypedReason = TempData[CleverLifecycle.TypedReasonKey] as string,
        });
    }
}

public static class ConnectionPanel
{
    public sealed record Query(int DistrictId) : IQuery<Model?>;

    public sealed record Model
    {
        public required int DistrictId { get; init; }
        public required DistrictConnectionState State { get; init; }
        public string? CleverDistrictName { get; init; }
        public string? Reason { get; init; }
        public DateTime? LastUnauthorizedAt { get; init; }
        public DateTime? LastCheckedAt { get; init; }
        public DateOnly? PausedUntil { get; init; }
        public string? PauseReason { get; init; }
        public string? PausedBy { get; init; }
        /// <summary>A run held for review: until someone decides, that is what there is to do.</summary>
        public int? HeldRunId { get; init; }
        /// <summary>The last sync was blocked by the licence and still holds the roster back (<see cref="LicenceBlock"/>).</summary>
        public LicenceBlock.Run? LicenceBlocked { get; init; }
        /// <summary>The latest finished run when it failed or was interrupted: the dashboard's failed-run banner explains it.</summary>
        public int? FailedRunId { get; init; }
        public required DateOnly Today { get; init; }

        public bool CanManage { get; init; }
        public bool CanRecheck { get; init; }
        public string ReturnUrl { get; init; } = "/district";
        public string? TypedUntil { get; init; }
        public string? TypedReason { get; init; }
        public bool Paused => PausedUntil is { } until && Today < until;

        private string? HeldToDo => HeldRunId is { } run
            ? $"Review held sync #{run}: it would deactivate more than your safety threshold allows, and nothing is applied until " +
                "someone approves it."
            : null;

        private string? BlockedToDo => LicenceBlocked?.Advice;

        /// <summary>While syncs run, a failed last run is what there is to do, in the failed-run banner's words.</summary>
        private string? FailedToDo => FailedRunId is { } run ? SyncWords.RetryAfterFailure(run) : null;

        /// <summary>Headline, what it means for sign-in, for syncs, and what to do.</summary>
        public (string Title, string SignIn, string Sync, string ToDo) Words => State switch
        {
            DistrictConnectionState.Connected => ("Connected to Clever",
                "Students and staff on your Clever roster sign in with Clever.",
                Paused ? "Nightly syncs are paused (see below); Sync now still reads your roster from Clever."
                    : "Twig reads your roster from Clever every night, and when you press Sync now.",
                HeldToDo ?? BlockedToDo ?? FailedToDo ?? "Nothing to do."),
            DistrictConnectionState.Rechecking => ("Connected — Twig is re-checking with Clever",
                "Sign-in with Clever works as usual: it does not depend on the district's token.",
                "Clever refused Twig's access during a sync and Twig could not yet ask Clever whether the connection still stands. Syncs " +
                    "go on; the next one tries again.",
                HeldToDo ?? BlockedToDo ?? FailedToDo
                    ?? "Nothing to do yet. Twig asks Clever again within 15 minutes; if this lasts more than a day, contact Twig support."),
            DistrictConnectionState.Disconnected => ("Disconnected from Clever",
                "Clever sign-in is refused (\"Your district is not connected to Twig\"). Nobody's account was deactivated or deleted.",
                "Syncs have stopped: Clever no longer lists Twig for your district.",
                State.NextStep()),
            _ => ("Waiting for Twig's approval",
                "Sign-in with Clever opens after Twig approves the connection and the first sync has run.",
                "No sync runs until the connection is approved.",
                "Nothing to do: Twig approves new connections within one working day."),
        };
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token)
        {
            var district = await db.Districts.AsNoTracking().Include(d => d.CleverConnection)
                .SingleOrDefaultAsync(d => d.Id == message.DistrictId, token);
            if (district is null) return null;
            var c = district.CleverConnection;
            return new Model
            {
                DistrictId = district.Id,
                State = district.ConnectionState,
                CleverDistrictName = c?.CleverDistrictName,
                Reason = c?.StateReason,
                LastUnauthorizedAt = c?.LastUnauthorizedAt,
                LastCheckedAt = c?.LastCheckedAt,
                PausedUntil = district.NightlyPausedUntil,
                PauseReason = district.NightlyPauseReason,
                PausedBy = district.NightlyPausedBy,
                HeldRunId = await db.SyncRuns.Where(r => r.DistrictId == district.Id && r.Status == SyncRunStatus.HeldForReview)
                    .OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(token),
                FailedRunId = await db.SyncRuns.Where(r => r.DistrictId == district.Id && r.Status != SyncRunStatus.Queued
                        && r.Status != SyncRunStatus.Running).OrderByDescending(r => r.Id)
                    .Select(r => new { r.Id, r.Status }).FirstOrDefaultAsync(token)
                    is { Status: SyncRunStatus.Failed or SyncRunStatus.Interrupted } failed ? failed.Id : null,
                LicenceBlocked = await LicenceBlock.LatestAsync(db, district.Id, token),
                Today = NightlyPause.Today(clock),
            };
        }
    }
}
