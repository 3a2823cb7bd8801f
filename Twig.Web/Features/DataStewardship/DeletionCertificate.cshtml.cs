using System.Globalization;
using System.Net;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// The proof a district's data was deleted: rows deleted per table, when, by whom, at whose request, and the hash of the
/// export made before. Staff see it here and download it as a self-contained HTML file the district can keep.
/// </summary>
[Authorize(Policy = TwigPolicies.IsStaff)]
public sealed class DeletionCertificate(IMediator mediator) : PageModel
{
    public Model Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int districtId, int deletionId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId, deletionId), token) is not { } model) return NotFound();
        Data = model;
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(int districtId, int deletionId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId, deletionId), token) is not { } model) return NotFound();
        var fileName = $"twig-deletion-certificate-{model.Slug}-{model.CompletedAt:yyyyMMdd}.html";
        return File(Encoding.UTF8.GetBytes(model.Html()), "text/html; charset=utf-8", fileName);
    }

    public sealed record Query(int DistrictId, int DeletionId) : IQuery<Model?>;

    public sealed record Model
    {
        public required int DeletionId { get; init; }
        public required int DistrictId { get; init; }
        public required string DistrictName { get; init; }
        public required string Slug { get; init; }
        public required string RequestedBy { get; init; }
        public required DateTime RequestedAt { get; init; }
        public DateTime? StartedAt { get; init; }
        public required DateTime CompletedAt { get; init; }
        public string? CompletedBy { get; init; }
        public required IReadOnlyDictionary<string, int> Counts { get; init; }
        public string? ExportSha256 { get; init; }
        public DateTime? ExportCreatedAt { get; init; }

        public int Total => Counts.Values.Sum();

        /// <summary>The certificate as a standalone page, every value encoded.</summary>
        public string Html()
        {
            static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
            static string Utc(DateTime? t) => t?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
            var us = CultureInfo.GetCultureInfo("en-US");
            var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .Append("<title>Certificate of data deletion</title>")
                .Append("<style>body{font-family:sans-serif;max-width:44rem;margin:2rem auto}table{border-collapse:collapse}")
                .Append("td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}</style></head><body>")
                .Append("<h1>Certificate of data deletion</h1>")
                .Append("<p>Twig deleted the student and roster data of <strong>").Append(E(DistrictName)).Append("</strong> (")
                .Append(E(Slug)).Append(") as its data privacy agreement requires.</p>")
                .Append("<dl>")
                .Append("<dt>Certificate</dt><dd>deletion ").Append(DeletionId).Append(" of district ").Append(DistrictId).Append("</dd>")
                .Append("<dt>Requested by</dt><dd>").Append(E(RequestedBy)).Append(" on ").Append(Utc(RequestedAt)).Append("</dd>")
                .Append("<dt>Carried out by</dt><dd>").Append(E(CompletedBy)).Append(", from ").Append(Utc(StartedAt))
                .Append(" to ").Append(Utc(CompletedAt)).Append("</dd>")
                .Append("<dt>Export made before the deletion</dt><dd>")
                .Append(ExportSha256 is null ? "none" : $"SHA-256 <code>{E(ExportSha256)}</code>, made {Utc(ExportCreatedAt)}")
                .Append("</dd>")
                .Append("</dl><table><thead><tr><th>Table</th><th>Rows deleted</th></tr></thead><tbody>");
            foreach (var (table, count) in Counts)
                html.Append("<tr><td>").Append(E(table)).Append("</td><td>").Append(count.ToString("N0", us)).Append("</td></tr>");
            html.Append("<tr><th>Total</th><th>").Append(Total.ToString("N0", us)).Append("</th></tr></tbody></table>")
                .Append("<p>Kept: the district's name and slug, its subscription dates, its audit log (which holds no student data) ")
                .Append("and this certificate. ")
                .Append("Twig no longer holds the district's Clever token; the owner account is closed.</p></body></html>");
            return html.ToString();
        }
    }

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token)
        {
            var row = await (from deletion in db.DistrictDeletions.AsNoTracking()
                             join district in db.Districts on deletion.DistrictId equals district.Id
                             where deletion.Id == message.DeletionId && deletion.DistrictId == message.DistrictId
                                   && deletion.Status == DistrictDeletionStatus.Completed
                             select new { deletion, district.Name, district.Slug }).SingleOrDefaultAsync(token);
            if (row is null) return null;
            var d = row.deletion;
            return new Model
            {
                DeletionId = d.Id, DistrictId = d.DistrictId, DistrictName = row.Name, Slug = row.Slug, RequestedBy = d.RequestedBy,
                RequestedAt = d.RequestedAt, StartedAt = d.StartedAt, CompletedAt = d.CompletedAt!.Value, CompletedBy = d.CompletedBy,
                Counts = CertificateCounts.Parse(d.CountsJson), ExportSha256 = d.ExportSha256, ExportCreatedAt = d.ExportCreatedAt,
            };
        }
    }
}
