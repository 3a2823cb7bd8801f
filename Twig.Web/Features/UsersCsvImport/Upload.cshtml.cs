using System.Globalization;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// The district owner (or a support admin acting for the district) uploads users.csv. Every row is checked;
/// nothing about the district's people is written here: the result is either a list of errors or a preview to confirm.
/// </summary>
[UsersCsvUploadLimits]
public sealed partial class Upload(IMediator mediator, IAuthorizationService authorization, IOptions<UsersCsvImportOptions> options)
    : PageModel
{
    public DistrictPageAccess Access { get; private set; } = null!;
    public string DistrictName { get; private set; } = "";
    /// <summary>Why the district takes no upload (it is rostered from another source): shown instead of the form.</summary>
    public string? Refusal { get; private set; }
    public UsersCsvImportOptions Limits => options.Value;

    [BindProperty]
    public IFormFile? CsvFile { get; set; }

    /// <summary>classes.csv: with users.csv as a pair, or alone against the district's current CSV people.</summary>
    [BindProperty]
    public IFormFile? ClassesFile { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken token) => await LoadAsync(token) ?? Page();

    /// <summary>The headers and two example rows.</summary>
    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken token) =>
        await LoadAsync(token) ?? File(WithBom(UsersCsv.Template), "text/csv", "users-template.csv");

    /// <summary>The classes.csv headers and two example rows naming the people of the users.csv template.</summary>
    public async Task<IActionResult> OnGetClassesTemplateAsync(CancellationToken token) =>
        await LoadAsync(token) ?? File(WithBom(ClassesCsv.Template), "text/csv", "classes-template.csv");

    /// <summary>With a BOM, so Excel opens the template as UTF-8.</summary>
    private static byte[] WithBom(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];

    public async Task<IActionResult> OnPostAsync(CancellationToken token)
    {
        if (await LoadAsync(token) is { } refused) return refused;
        var users = Chosen(CsvFile);
        var classes = Chosen(ClassesFile);
        if (users is null && classes is null)
        {
            ModelState.AddModelError(nameof(CsvFile), "Choose users.csv, classes.csv, or both, to upload.");
            return Page();
        }
        foreach (var (file, field) in new[] { (users, nameof(CsvFile)), (classes, nameof(ClassesFile)) })
        {
            if (file is null || file.Length <= Limits.MaxFileBytes) continue;
            ModelState.AddModelError(field, TooLarge(file.Length, Limits.MaxFileBytes));
            return Page();
        }
        var result = await mediator.Send(new Command(Access.DistrictId, users?.FileName ?? classes!.FileName, await ReadAsync(users, token),
            classes?.FileName, await ReadAsync(classes, token)), token);
        if (result is null) return NotFound();
        return RedirectToPage("/UsersCsvImport/Review", new { districtId = Access.SupportDistrictId, importId = result.ImportId });
    }

    /// <summary>
    /// The file the owner chose, empty or not (an empty one is refused by the upload with its own message and kept in the history);
    /// null when the field was left blank (no name, no bytes).
    /// </summary>
    private static IFormFile? Chosen(IFormFile? file) => file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)) ? null : file;

    private static async Task<byte[]?> ReadAsync(IFormFile? file, CancellationToken token)
    {
        if (file is null) return null;
        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream((int)file.Length);
        await stream.CopyToAsync(buffer, token);
        return buffer.ToArray();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken token)
    {
        // Support (read-only) sees the history, not the upload form.
        if (await DistrictPageAccess.ResolveAsync(this, authorization) is not { CanManage: true } access) return Forbid();
        Access = access;
        var district = await mediator.Send(new UploadPageQuery(access.DistrictId), token);
        if (district is not { } found) return NotFound();
        (DistrictName, Refusal) = found;
        return null;
    }

    public static string TooLarge(long size, long limit) => string.Create(CultureInfo.InvariantCulture,
        $"The file is {size / 1024.0 / 1024.0:0.0} MB; at most {limit / 1024.0 / 1024.0:0.#} MB can be uploaded. " +
        $"Remove columns that are not part of the format, or ask Twig support to raise the limit.");

    /// <summary>The district's name, and why it takes no Twig CSV upload (rostered from another source), or null.</summary>
    public sealed record UploadPageQuery(int DistrictId) : IQuery<(string Name, string? Refusal)?>;

    public sealed class UploadPageQueryHandler(TwigDb db) : IQueryHandler<UploadPageQuery, (string Name, string? Refusal)?>
    {
        public async ValueTask<(string Name, string? Refusal)?> Handle(UploadPageQuery message, CancellationToken token)
        {
            var name = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleOrDefaultAsync(token);
            if (name is null) return null;
            return (name, await RosterSourceRule.RefusalAsync(db, message.DistrictId, RosterSource.Csv, token));
        }
    }
}
