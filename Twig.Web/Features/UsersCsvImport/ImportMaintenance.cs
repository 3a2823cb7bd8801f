using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>Keeps uploaded files only while their preview can still be confirmed.</summary>
public static class ImportMaintenance
{
    public const string ExpiredMessage = "The preview expired before it was confirmed; nothing was changed. Upload the file again.";

    /// <summary>Expires previews older than their lifetime and deletes every file that can no longer be confirmed.</summary>
    public static async Task SweepAsync(TwigDb db, DateTime now, CancellationToken token)
    {
        await db.CsvImports.Where(i => i.Status == CsvImportStatus.Previewed && i.ExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, CsvImportStatus.Expired).SetProperty(i => i.Message, ExpiredMessage), token);
        await db.CsvImportFiles.Where(f => db.CsvImports.Any(i => i.Id == f.CsvImportId && i.Status != CsvImportStatus.Previewed))
            .ExecuteDeleteAsync(token);
    }
}
