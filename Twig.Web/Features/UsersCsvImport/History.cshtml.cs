using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>Every users.csv / classes.csv upload of a district, newest first: who, when, which file, what happened. Owner and support.</summary>
public sealed class History(IMediator mediator, IAuthorizationService authorization) : PageModel
{
    public ImportAccess Access { get; private set; } = null!;
    public Result Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        if (await ImportAccess.ResolveAsync(this, authorization) is not { } access) return Forbid();
        Access = access;
        var result = await mediator.Send(new Query(access.DistrictId), token);
        if (result is null) return NotFound();
        Data = result;
        return Page();
    }

    public sealed record Query(int DistrictId, int Take = 200) : IQuery<Result?>;

    public sealed record Result(string DistrictName, IReadOnlyList<Line> Imports);

    public sealed record Line(
        int Id, DateTime UploadedAt, string UploadedBy, string FileName, long SizeBytes, string Sha256, int RowCount,
        CsvImportStatus Status, DateTime? ExpiresAt, int Created, int Updated, int Reactivated, int Archived, int Unchanged,
        string? ClassesFileName = null, bool ClassesOnly = false, int ClassesCreated = 0, int ClassesUpdated = 0, int ClassesDeactivated = 0,
        int EnrollmentsAdded = 0, int EnrollmentsRemoved = 0, RosterSource Source = RosterSource.Csv);

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var name = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleOrDefaultAsync(token);
            if (name is null) return null;
            var now = clock.GetUtcNow().UtcDateTime;
            var imports = await db.CsvImports.AsNoTracking()
                .Where(i => i.DistrictId == message.DistrictId)
                .OrderByDescending(i => i.UploadedAt).ThenByDescending(i => i.Id)
                .Take(message.Take)
                .Select(i => new Line(i.Id, i.UploadedAt, i.UploadedBy, i.FileName, i.SizeBytes, i.Sha256, i.RowCount, i.Status, i.ExpiresAt,
                    i.Created, i.Updated, i.Reactivated, i.Archived, i.Unchanged,
                    i.ClassesFileName, i.ClassesOnly, i.ClassesCreated, i.ClassesUpdated, i.ClassesDeactivated, i.EnrollmentsAdded, i.EnrollmentsRemoved, i.Source))
                .ToListAsync(token);
            return new Result(name, imports.Select(i => i.Status == CsvImportStatus.Previewed && i.ExpiresAt < now ? i with { Status = CsvImportStatus.Expired } : i).ToList());
        }
    }
}
