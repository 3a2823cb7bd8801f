using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>An upload's first errors on the command line (import-users, import-classes): file, row, column and message.</summary>
internal static class ImportErrorLines
{
    private const int Shown = 200;

    /// <param name="defaultFile">The file to name when an issue names none; null prints no file (users.csv alone).</param>
    public static async Task WriteAsync(TwigDb db, TextWriter output, int importId, int errorCount, string? defaultFile,
        CancellationToken token)
    {
        var errors = await db.CsvImportIssues.AsNoTracking()
            .Where(i => i.CsvImportId == importId && i.Severity == IssueSeverity.Error)
            .OrderBy(i => i.RowNumber).ThenBy(i => i.Id).Take(Shown).ToListAsync(token);
        foreach (var issue in errors)
        {
            var file = defaultFile is null ? "" : $"{issue.File ?? defaultFile} ";
            var row = issue.RowNumber?.ToString(CultureInfo.InvariantCulture) ?? "-";
            var column = issue.Column is null ? "" : $", {issue.Column}";
            await output.WriteLineAsync($"  {file}row {row}{column}: {issue.Message}");
        }
        if (errorCount > errors.Count) await output.WriteLineAsync($"  … and {errorCount - errors.Count:N0} more.");
    }
}
