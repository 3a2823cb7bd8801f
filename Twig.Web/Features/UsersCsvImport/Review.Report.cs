using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.UsersCsvImport;

public sealed partial class Review
{
    /// <summary>Every issue of an import as a spreadsheet-safe CSV, errors first; null when the import is not the district's.</summary>
    public sealed record ReportQuery(int DistrictId, int ImportId) : IQuery<byte[]?>;

    public sealed class ReportQueryHandler(TwigDb db) : IQueryHandler<ReportQuery, byte[]?>
    {
        public async ValueTask<byte[]?> Handle(ReportQuery message, CancellationToken token)
        {
            if (!await db.CsvImports.AnyAsync(i => i.Id == message.ImportId && i.DistrictId == message.DistrictId, token)) return null;
            var issues = await db.CsvImportIssues.AsNoTracking().Where(i => i.CsvImportId == message.ImportId)
                .OrderBy(i => i.Severity == IssueSeverity.Error ? 0 : 1).ThenBy(i => i.RowNumber).ThenBy(i => i.Id)
                .Select(i => new { i.File, i.RowNumber, i.Column, i.Severity, i.Message }).ToListAsync(token);
            return SpreadsheetCsv.Build(["file", "row", "column", "severity", "message"], issues.Select(issue => new[]
            {
                issue.File ?? UploadPlans.UsersFile, issue.RowNumber?.ToString(CultureInfo.InvariantCulture), issue.Column,
                issue.Severity == IssueSeverity.Error ? "error" : "warning", issue.Message,
            }));
        }
    }
}
