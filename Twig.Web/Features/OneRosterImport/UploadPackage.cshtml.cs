using System.Globalization;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// The district owner (or a support admin acting for the district) uploads a OneRoster package. It goes through
/// <see cref="ImportOneRoster"/> as a dry run: every file, row and reference is checked and planned, nothing about the
/// district's roster is written. A clean package is kept (encrypted) until its preview is confirmed, cancelled, replaced or expires.
/// </summary>
[PackageUploadLimits]
public sealed class UploadPackage(IMediator mediator, IAuthorizationService authorization, IOptions<OneRosterOptions> options) : PageModel
{
    public DistrictPageAccess Access { get; private set; } = null!;
    public PageData Data { get; private set; } = null!;
    public OneRosterOptions Limits => options.Value;

    [BindProperty]
    public IFormFile? Package { get; set; }

    /// <summary>Take passwords from the package's users.csv (hashed); off unless the owner ticks it for this upload.</summary>
    [BindProperty]
    public bool Passwords { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken token) => await LoadAsync(token) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken token)
    {
        if (await LoadAsync(token) is { } refused) return refused;
        if (Package is not { Length: > 0 } file)
        {
            ModelState.AddModelError(nameof(Package), "Choose the OneRoster package (.zip) to upload.");
            return Page();
        }
        if (file.Length > Limits.MaxCompressedBytes)
        {
            ModelState.AddModelError(nameof(Package), string.Create(CultureInfo.InvariantCulture,
                $"The package is {file.Length / 1024.0 / 1024.0:0.0} MB; at most {Limits.MaxCompressedBytes / 1024.0 / 1024.0:0.#} MB " +
                    $"can be uploaded. Ask Twig support to raise the limit."));
            return Page();
        }
        byte[] content;
        await using (var stream = file.OpenReadStream())
        {
            using var buffer = new MemoryStream((int)file.Length);
            await stream.CopyToAsync(buffer, token);
            content = buffer.ToArray();
        }
        var result = await mediator.Send(new Command(Access.DistrictId, file.FileName, content, Passwords), token);
        return result is null ? NotFound() : RedirectToPage("/OneRosterImport/PackageReview",
            new { districtId = Access.SupportDistrictId, importId = result.ImportId });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken token)
    {
        // Support (read-only) sees the history, not the upload form.
        if (await DistrictPageAccess.ResolveAsync(User, RouteData, authorization) is not { CanManage: true } access) return Forbid();
        Access = access;
        var data = await mediator.Send(new Query(access.DistrictId), token);
        if (data is null) return NotFound();
        Data = data;
        return null;
    }

    public sealed record Query(int DistrictId) : IQuery<PageData?>;

    /// <param name="Refusal">Why the district takes no package (it is rostered from another source), or null.</param>
    public sealed record PageData(string DistrictName, string? Refusal, int? PendingImportId);

    public sealed record Command(int DistrictId, string FileName, byte[] Content, bool AllowPasswords)
        : ICommand<Result?>, IOwnsTransaction;

    public sealed record Result(int ImportId, CsvImportStatus Status, string? Message);

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, PageData?>
    {
        public async ValueTask<PageData?> Handle(Query message, CancellationToken token)
        {
            var name = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleOrDefaultAsync(token);
            if (name is null) return null;
            var now = clock.GetUtcNow().UtcDateTime;
            var pending = await db.CsvImports.Where(i => i.DistrictId == message.DistrictId && i.Source == RosterSource.OneRoster
                    && i.Status == CsvImportStatus.Previewed && i.ExpiresAt > now)
                .OrderByDescending(i => i.Id).Select(i => (int?)i.Id).FirstOrDefaultAsync(token);
            return new PageData(name, await RosterSourceRule.RefusalAsync(db, message.DistrictId, RosterSource.OneRoster, token), pending);
        }
    }

    public sealed class CommandHandler(TwigDb db, IMediator mediator, AuditTrail audit, TimeProvider clock,
        IOptions<OneRosterOptions> options, PackageFileProtector files) : ICommandHandler<Command, Result?>
    {
        public async ValueTask<Result?> Handle(Command message, CancellationToken token)
        {
            if (!await db.Districts.AnyAsync(d => d.Id == message.DistrictId, token)) return null;
            var name = Path.GetFileName(message.FileName.Replace('\\', '/'));
            if (name.Length == 0) name = "oneroster.zip";
            // Encrypted before the transaction: a first use of Data Protection may write a new key to the database.
            var stored = files.Protect(message.Content);
            // The importer's own dry run checks and plans the package and records the attempt in the import history. It owns
            // its transactions (reading and planning happen before its short write), so it runs before this command's one.
            var dryRun = new ImportOneRoster.Command(message.DistrictId, name, message.Content, DryRun: true, message.AllowPasswords);
            var checkedPackage = await mediator.Send(dryRun, token);
            var now = clock.GetUtcNow().UtcDateTime;
            // Running this twice after a lost acknowledgement records a second preview that replaces the first: harmless.
            return await db.InTransactionAsync(ct => RecordAsync(message, checkedPackage, stored, now, ct), verifySucceeded: null, token);
        }

        private async Task<Result?> RecordAsync(Command message, ImportOneRoster.Result checkedPackage, byte[] stored, DateTime now,
            CancellationToken token)
        {
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
            var import = await db.CsvImports.SingleAsync(i => i.Id == checkedPackage.ImportId, token);
            import.OneRosterPasswords = message.AllowPasswords;
            if (checkedPackage.Preview is { } preview) PackageReview.Record(import, preview);
            if (checkedPackage.Outcome == ImportOneRoster.Outcome.Previewed)
            {
                // One pending preview per district, whatever its kind: a newer upload replaces an older one.
                await db.CsvImports
                    .Where(i => i.DistrictId == message.DistrictId && i.Status == CsvImportStatus.Previewed && i.Id != import.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, CsvImportStatus.Cancelled)
                        .SetProperty(i => i.Message, "Replaced by a newer upload; nothing was changed."), token);
                await db.CsvImportFiles.Where(f => db.CsvImports.Any(i => i.Id == f.CsvImportId && i.DistrictId == message.DistrictId))
                    .ExecuteDeleteAsync(token);
                import.Status = CsvImportStatus.Previewed;
                import.Message = "Checked: nothing has changed yet. Confirm the preview to apply it.";
                import.ExpiresAt = now + options.Value.PreviewLifetime;
                db.CsvImportFiles.Add(new CsvImportFile { CsvImportId = import.Id, Content = stored });
            }
            audit.Record("oneroster.uploaded", message.DistrictId, string.Create(CultureInfo.InvariantCulture,
                $"Import {import.Id}: '{import.FileName}', {import.SizeBytes:N0} bytes, SHA-256 {import.Sha256}" +
                $"{(message.AllowPasswords ? ", passwords taken from the package" : "")}. Outcome: {import.Status.Describe()}"));
            await db.SaveChangesAsync(token);
            db.ChangeTracker.Clear(); // do not hold the package's bytes for the rest of the scope
            return new Result(import.Id, import.Status, import.Message);
        }
    }
}

internal static class PreviewJson
{
    public static string Write(ImportOneRoster.Preview preview) => JsonSerializer.Serialize(preview);

    public static ImportOneRoster.Preview? Read(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<ImportOneRoster.Preview>(json);
}
