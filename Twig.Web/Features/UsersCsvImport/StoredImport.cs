using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>The kept files of a pending import, decrypted; the preview and the confirmation both start here.</summary>
internal static class StoredImport
{
    internal sealed record Files(ParsedFile? Users, ParsedClasses? Classes);

    /// <summary>
    /// users.csv as the upload validated its rows (<see cref="StoredRows"/>, taken from <see cref="KeptRows"/> when this
    /// process still holds them; a file kept before that form is parsed), classes.csv parsed. Null once they are gone; throws
    /// <see cref="CryptographicException"/> when the stored bytes were altered.
    /// </summary>
    internal static async Task<Files?> ReadAsync(TwigDb db, PreviewFileProtector files, KeptRows kept, int importId,
        bool classesOnly, CancellationToken token)
    {
        var stored = await db.CsvImportFiles.Where(f => f.CsvImportId == importId)
            .Select(f => new { f.Content, f.ClassesContent }).SingleOrDefaultAsync(token);
        if (stored is null) return null;
        ParsedFile? users = null;
        if (!classesOnly)
        {
            var content = files.Unprotect(stored.Content);
            users = kept.Find(content) ?? StoredRows.Read(content) ?? UsersCsv.Parse(content, int.MaxValue);
        }
        var classes = stored.ClassesContent is null ? null : ClassesCsv.Parse(files.Unprotect(stored.ClassesContent), int.MaxValue);
        return new Files(users, classes);
    }

    /// <summary>
    /// The kept files planned against the district as it is now; null once they are gone, or when they cannot be read
    /// (altered, or their key is gone): the page then offers no confirmation.
    /// </summary>
    internal static async Task<UploadPlans?> PlansOrNullAsync(TwigDb db, PreviewFileProtector files, KeptRows kept, int districtId,
        ImportSummary import, CancellationToken token, ImportStepTimer? timer = null)
    {
        Files? stored;
        try
        {
            stored = await ReadAsync(db, files, kept, import.Id, import.ClassesOnly, token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        timer?.Mark("read");
        return stored is null ? null : await UploadPlans.BuildAsync(db, districtId, stored.Users, stored.Classes, token, timer);
    }
}
