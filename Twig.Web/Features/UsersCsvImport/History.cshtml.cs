using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// Every users.csv / classes.csv upload of a district, newest first: who, when, which file, what happened. Owner and support.
/// </summary>
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

    /// <summary>One upload as the history (and the owner's dashboard) lists it.</summary>
    public sealed record Line
    {
        public int Id { get; init; }
        public DateTime UploadedAt { get; init; }
        public string UploadedBy { get; init; } = "";
        public string FileName { get; init; } = "";
        public long SizeBytes { get; init; }
        public string Sha256 { get; init; } = "";
        public int RowCount { get; init; }
        public CsvImportStatus Status { get; init; }
        public DateTime? ExpiresAt { get; init; }
        public int Created { get; init; }
        public int Updated { get; init; }
        public int Reactivated { get; init; }
        public int Archived { get; init; }
        public int Unchanged { get; init; }
        public string? ClassesFileName { get; init; }
        public bool ClassesOnly { get; init; }
        public int ClassesCreated { get; init; }
        public int ClassesUpdated { get; init; }
        public int ClassesDeactivated { get; init; }
        public int EnrollmentsAdded { get; init; }
        public int EnrollmentsRemoved { get; init; }
        public RosterSource Source { get; init; } = RosterSource.Csv;
    }

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
                .Select(i => new Line
                {
                    Id = i.Id, UploadedAt = i.UploadedAt, UploadedBy = i.UploadedBy, FileName = i.FileName, SizeBytes = i.SizeBytes,
                    Sha256 = i.Sha256, RowCount = i.RowCount, Status = i.Status, ExpiresAt = i.ExpiresAt, Created = i.Created,
                    Updated = i.Updated, Reactivated = i.Reactivated, Archived = i.Archived, Unchanged = i.Unchanged,
                    ClassesFileName = i.ClassesFileName, ClassesOnly = i.ClassesOnly, ClassesCreated = i.ClassesCreated,
                    ClassesUpdated = i.ClassesUpdated, ClassesDeactivated = i.ClassesDeactivated, EnrollmentsAdded = i.EnrollmentsAdded,
                    EnrollmentsRemoved = i.EnrollmentsRemoved, Source = i.Source,
                })
                .ToListAsync(token);
            // A preview past its lifetime reads as expired before the sweep gets to it.
            return new Result(name, imports
                .Select(i => i.Status == CsvImportStatus.Previewed && i.ExpiresAt < now ? i with { Status = CsvImportStatus.Expired } : i)
                .ToList());
        }
    }
}
