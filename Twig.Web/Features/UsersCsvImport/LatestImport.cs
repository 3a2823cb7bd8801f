namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// The dashboard's one line about uploads: the last applied upload, which put the roster in place, and the latest upload when
/// it is newer and was not applied (cancelled, refused, waiting), which changed nothing and must not read as what is in place.
/// </summary>
public static class LatestImport
{
    public sealed record Query(int DistrictId) : IQuery<Result>;

    /// <param name="Applied">The last applied upload; null when none was.</param>
    /// <param name="Newer">The latest upload when it came after <paramref name="Applied"/> and was not applied.</param>
    public sealed record Result(ImportSummary? Applied, ImportSummary? Newer);

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query message, CancellationToken token)
        {
            var imports = db.CsvImports.AsNoTracking().Where(i => i.DistrictId == message.DistrictId)
                .OrderByDescending(i => i.UploadedAt).ThenByDescending(i => i.Id);
            var latest = await imports.Select(ImportSummary.Projection).FirstOrDefaultAsync(token);
            if (latest is null) return new Result(null, null);
            var now = clock.GetUtcNow().UtcDateTime;
            if (latest.Status == CsvImportStatus.Applied) return new Result(latest, null);
            var applied = await imports.Where(i => i.Status == CsvImportStatus.Applied).Select(ImportSummary.Projection)
                .FirstOrDefaultAsync(token);
            return new Result(applied, latest.AsSeenAt(now));
        }
    }

    /// <summary>What an upload that was not applied came to, after "A newer upload at … by …".</summary>
    public static string NotAppliedText(CsvImportStatus status) => status switch
    {
        CsvImportStatus.Previewed => "is waiting for confirmation",
        CsvImportStatus.Cancelled => "was cancelled",
        CsvImportStatus.Invalid => "had errors and was not applied",
        CsvImportStatus.BlockedByLicense => "was blocked by the licence and not applied",
        CsvImportStatus.Expired => "expired without being confirmed",
        CsvImportStatus.Failed => "failed and changed nothing",
        _ => status.Describe().ToLowerInvariant(),
    };
}
