using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// One district for Twig staff: status, licence, owner account, recent runs, imports and audit entries, with links to the
/// full sync log, import history and audit log. Support admins also approve or reject pending Clever connections here.
/// Opening it is audited (<c>district.viewed</c>).
/// </summary>
[Authorize(Policy = TwigPolicies.IsStaff)]
public sealed class SupportDistrict(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }
    [TempData] public string? Problem { get; set; }

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token)
    {
        var result = await mediator.Send(new Query(districtId), token);
        if (result is null) return NotFound();
        await mediator.Send(new Command(districtId), token);
        Data = result;
        return Page();
    }

    public async Task<IActionResult> OnPostApproveAsync(int districtId, int connectionId, bool runInitialSync, CancellationToken token)
    {
        if (!User.IsInRole(TwigRoles.SupportAdmin)) return Forbid();
        if (await mediator.Send(new Query(districtId), token) is null) return NotFound();
        try
        {
            var result = await mediator.Send(new ConnectionDecision.Approve(connectionId, districtId, runInitialSync), token);
            Notice = result.InitialRunId is { } runId ? $"Connection approved; the initial sync is queued as run #{runId}."
                : result.Note is { } note ? $"Connection approved. The initial sync was not started: {note}"
                : "Connection approved. No initial sync was requested.";
        }
        catch (ValidationException invalid)
        {
            Problem = string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage));
        }
        return RedirectToPage(new { districtId });
    }

    public async Task<IActionResult> OnPostRejectAsync(int districtId, int connectionId, CancellationToken token)
    {
        if (!User.IsInRole(TwigRoles.SupportAdmin)) return Forbid();
        if (await mediator.Send(new Query(districtId), token) is null) return NotFound();
        Notice = await mediator.Send(new ConnectionDecision.Reject(connectionId), token)
            ? "The Clever connection request was rejected."
            : "That connection is no longer waiting for approval.";
        return RedirectToPage(new { districtId });
    }

    public sealed record Query(int DistrictId) : IQuery<Result?>;

    public sealed record Result
    {
        public required DistrictHealth.Model Health { get; init; }
        public string? CleverDistrictName { get; init; }
        public string? ConnectionReason { get; init; }
        public required bool NightlySyncEnabled { get; init; }
        public required int ThresholdPercent { get; init; }
        public Owner? OwnerAccount { get; init; }
        public required IReadOnlyList<SyncRunRow> Runs { get; init; }
        public required IReadOnlyList<ImportRow> Imports { get; init; }
        public required IReadOnlyList<AuditLog.Row> Audit { get; init; }
        public required IReadOnlyList<PendingConnection> Pending { get; init; }

        public bool EventsMode { get; init; }
        /// <summary>The source the district is rostered from.</summary>
        public RosterSource Source { get; init; } = RosterSource.Clever;
        /// <summary>Chosen to be rostered from another source than Clever: the nightly sync and events mode do not apply. A
        /// district that chose nothing yet may still connect Clever.</summary>
        public bool OffClever { get; init; }
        /// <summary>The latest full sync that found reconciliation drift after events-mode runs, if any: events mode's correctness
        /// check.</summary>
        public DriftRun? LastDrift { get; init; }
    }

    public sealed record DriftRun(int RunId, DateTime RequestedAt, IReadOnlyList<string> Messages);

    public sealed record Owner(string Email, string DisplayName, DateTime CreatedAt, bool LockedOut);

    public sealed record ImportRow
    {
        public required int Id { get; init; }
        public required DateTime UploadedAt { get; init; }
        public required string UploadedBy { get; init; }
        public required string FileName { get; init; }
        public required CsvImportStatus Status { get; init; }
        public required int RowCount { get; init; }
        public RosterSource Source { get; init; } = RosterSource.Csv;
    }

    public sealed record PendingConnection(int Id, string CleverDistrictId, string CleverDistrictName, CleverConnectionState State,
        DateTime FirstSeenAt);

    /// <summary>Records that a member of staff opened the district.</summary>
    public sealed record Command(int DistrictId) : ICommand;

    public sealed class QueryHandler(TwigDb db, TimeProvider clock, IOptions<SyncFreshness> freshness) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var health = (await DistrictHealth.ReadAsync(db, freshness.Value, clock.GetUtcNow().UtcDateTime, message.DistrictId, token))
                .SingleOrDefault();
            if (health is null) return null;
            var district = await db.Districts.AsNoTracking().Where(d => d.Id == message.DistrictId)
                .Select(d => new
                {
                    d.NightlySyncEnabled, d.DeactivationThresholdPercent, d.CleverEventsMode, d.RosterSource,
                    HasConnection = d.CleverConnection != null,
                    CleverName = d.CleverConnection == null ? null : d.CleverConnection.CleverDistrictName,
                    Reason = d.CleverConnection == null ? null : d.CleverConnection.StateReason,
                })
                .SingleAsync(token);
            var now = clock.GetUtcNow();
            var owner = await db.Users.AsNoTracking().Where(u => u.DistrictId == message.DistrictId)
                .Select(u => new { u.Email, u.DisplayName, u.CreatedAt, u.LockoutEnd }).SingleOrDefaultAsync(token);
            var runs = await db.SyncRuns.AsNoTracking().Where(r => r.DistrictId == message.DistrictId).OrderByDescending(r => r.Id).Take(10)
                .AsRunRows()
                .ToListAsync(token);
            var imports = await db.CsvImports.AsNoTracking().Where(i => i.DistrictId == message.DistrictId).OrderByDescending(i => i.Id)
                .Take(5)
                .Select(i => new ImportRow
                {
                    Id = i.Id,
                    UploadedAt = i.UploadedAt,
                    UploadedBy = i.UploadedBy,
                    FileName = i.FileName,
                    Status = i.Status,
                    RowCount = i.RowCount,
                    Source = i.Source,
                }).ToListAsync(token);
            var audit = (await AuditLog.ReadAsync(db, new AuditLog.Query(message.DistrictId, null, null, 1, 10), token))!.Rows;
            var pending = health.Connection == DistrictConnectionState.Connected ? [] : await db.CleverConnections.AsNoTracking()
                .Where(c => c.State == CleverConnectionState.PendingApproval
                    && (c.DistrictId == null || c.DistrictId == message.DistrictId))
                .OrderBy(c => c.FirstSeenAt)
                .Select(c => new PendingConnection(c.Id, c.CleverDistrictId, c.CleverDistrictName, c.State, c.FirstSeenAt))
                .ToListAsync(token);
            return new Result
            {
                Health = health,
                CleverDistrictName = district.CleverName,
                ConnectionReason = district.Reason,
                NightlySyncEnabled = district.NightlySyncEnabled,
                ThresholdPercent = district.DeactivationThresholdPercent,
                OwnerAccount = owner is null
                    ? null
                    : new Owner(owner.Email ?? "", owner.DisplayName, owner.CreatedAt, owner.LockoutEnd > now),
                Runs = runs,
                Imports = imports,
                Audit = audit,
                Pending = pending,
                EventsMode = district.CleverEventsMode,
                Source = RosterSources.Effective(district.RosterSource, district.HasConnection),
                OffClever = RosterSources.ChoseOtherThanClever(district.RosterSource),
                LastDrift = await LastDriftAsync(message.DistrictId, token),
            };
        }

        private async Task<DriftRun?> LastDriftAsync(int districtId, CancellationToken token)
        {
            // Through the district's runs (by their index), never a scan of every run's warnings.
            var run = await db.SyncRuns.AsNoTracking()
                .Where(r => r.DistrictId == districtId && r.Issues.Any(i => i.Field == SyncIssue.ReconciliationDriftField))
                .OrderByDescending(r => r.Id).Select(r => new { r.Id, r.RequestedAt }).FirstOrDefaultAsync(token);
            if (run is null) return null;
            var messages = await db.SyncIssues.AsNoTracking()
                .Where(i => i.SyncRunId == run.Id && i.Field == SyncIssue.ReconciliationDriftField)
                .OrderBy(i => i.Id).Select(i => i.Message).ToListAsync(token);
            return new DriftRun(run.Id, run.RequestedAt, messages);
        }
    }

    public sealed class CommandHandler(AuditTrail audit) : ICommandHandler<Command>
    {
        public ValueTask<Unit> Handle(Command message, CancellationToken token)
        {
            audit.Record("district.viewed", message.DistrictId, "Support opened the district page");
            return ValueTask.FromResult(Unit.Value);
        }
    }
}
