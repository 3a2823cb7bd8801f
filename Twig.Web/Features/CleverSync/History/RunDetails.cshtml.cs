using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Infrastructure.Web.Paging;

namespace Twig.Web.Features.CleverSync.History;

/// <summary>One run: its outcome, counts per entity type, warnings (paged and as a spreadsheet), and live progress.</summary>
[Authorize(Policy = TwigPolicies.CanViewDistrict)]
public sealed class RunDetails(IMediator mediator) : PageModel
{
    public const int WarningsPerPage = 50;

    public Result Data { get; private set; } = null!;
    /// <summary>What "Sync now" said when it brought the owner here: shown once, on this page, not later on another.</summary>
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(int districtId, int runId, int p = 1, CancellationToken token = default)
    {
        var result = await mediator.Send(new Query(districtId, runId, Math.Max(1, p)), token);
        if (result is null) return NotFound();
        Data = result;
        return Page();
    }

    /// <summary>The small JSON the page polls while a run is going.</summary>
    public async Task<IActionResult> OnGetProgressAsync(int districtId, int runId, CancellationToken token)
    {
        var progress = await mediator.Send(new RunProgress.Query(districtId, runId), token);
        return progress is null ? NotFound() : new JsonResult(progress);
    }

    public async Task<IActionResult> OnGetWarningsAsync(int districtId, int runId, CancellationToken token)
    {
        var csv = await mediator.Send(new WarningsQuery(districtId, runId), token);
        return csv is null ? NotFound() : File(csv, "text/csv", $"sync-run-{runId}-warnings.csv");
    }

    public sealed record Query(int DistrictId, int RunId, int Page) : IQuery<Result?>;

    public sealed record Result
    {
        public required int DistrictId { get; init; }
        public required string DistrictName { get; init; }
        public required SyncRun Run { get; init; }
        public IReadOnlyList<SyncRunCount> Counts { get; init; } = [];
        /// <summary>This page of the run's warnings.</summary>
        public IReadOnlyList<SyncIssue> Warnings { get; init; } = [];
        public int WarningCount { get; init; }
        public required int Page { get; init; }
        public required int Pages { get; init; }
        public required RunProgress.Model Progress { get; init; }
        /// <summary>Names beside the Clever ids of the warnings shown, for the records Twig holds.</summary>
        public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

        /// <summary>The run's reconciliation drift warnings (a full sync found what events mode had missed), shown above the
        /// rest.</summary>
        public IReadOnlyList<SyncIssue> Drift { get; init; } = [];
    }

    public sealed record WarningsQuery(int DistrictId, int RunId) : IQuery<byte[]?>;

    public sealed class QueryHandler(TwigDb db, SyncProgressBoard board) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var run = await db.SyncRuns.AsNoTracking().Include(r => r.District)
                .SingleOrDefaultAsync(r => r.Id == message.RunId && r.DistrictId == message.DistrictId, token);
            if (run is null) return null;
            var counts = await db.SyncRunCounts.AsNoTracking().Where(c => c.SyncRunId == run.Id).OrderBy(c => c.EntityType)
                .ToListAsync(token);
            var issues = db.SyncIssues.AsNoTracking().Where(i => i.SyncRunId == run.Id);
            var warnings = await issues.OrderBy(i => i.Id).ToPagedAsync(message.Page, WarningsPerPage, token);
            var page = warnings.Items;
            var progress = (await RunProgressRead.ReadAsync(db, board, message.DistrictId, message.RunId, token))!;
            // Names beside Clever ids, for the records Twig holds (a skipped new record has none yet).
            var ids = page.Where(i => i.ExternalId is not null).Select(i => i.ExternalId!).Distinct().ToList();
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in await db.People.AsNoTracking().Where(p => p.DistrictId == run.DistrictId && ids.Contains(p.ExternalId))
                         .Select(p => new { p.ExternalId, p.FirstName, p.LastName }).ToListAsync(token))
                names.TryAdd(p.ExternalId, $"{p.FirstName} {p.LastName}");
            foreach (var c in await db.Sections.AsNoTracking().Where(c => c.DistrictId == run.DistrictId && ids.Contains(c.ExternalId))
                         .Select(c => new { c.ExternalId, c.Name }).ToListAsync(token))
                names.TryAdd(c.ExternalId, c.Name);
            foreach (var c in await db.Schools.AsNoTracking().Where(c => c.DistrictId == run.DistrictId && ids.Contains(c.ExternalId))
                         .Select(c => new { c.ExternalId, c.Name }).ToListAsync(token))
                names.TryAdd(c.ExternalId, c.Name);
            var drift = await issues.Where(i => i.Field == SyncIssue.ReconciliationDriftField).OrderBy(i => i.Id).ToListAsync(token);
            return new Result
            {
                DistrictId = run.DistrictId, DistrictName = run.District!.Name, Run = run, Counts = counts, Warnings = page,
                WarningCount = warnings.Total, Page = warnings.Page, Pages = warnings.Pages,
                Progress = progress, Names = names, Drift = drift,
            };
        }
    }

    public sealed class WarningsQueryHandler(TwigDb db) : IQueryHandler<WarningsQuery, byte[]?>
    {
        public async ValueTask<byte[]?> Handle(WarningsQuery message, CancellationToken token)
        {
            if (!await db.SyncRuns.AnyAsync(r => r.Id == message.RunId && r.DistrictId == message.DistrictId, token)) return null;
            var issues = await db.SyncIssues.AsNoTracking().Where(i => i.SyncRunId == message.RunId).OrderBy(i => i.Id)
                .Select(i => new { i.Severity, i.EntityType, i.ExternalId, i.Field, i.Message }).ToListAsync(token);
            return SpreadsheetCsv.Build(["severity", "entity", "clever_id", "field", "message"], issues.Select(i => new[]
            {
                i.Severity.ToString().ToLower(CultureInfo.InvariantCulture), i.EntityType?.ToString(), i.ExternalId, i.Field, i.Message,
            }));
        }
    }
}
