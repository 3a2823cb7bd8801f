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
/// A district's data: its exports (ask for one, watch it build, download it for 24 hours) and its deletion (scheduled,
/// cancelled, done with a certificate). The owner reaches it at /district/data; staff at /support/districts/{id}/data,
/// where support admins also start and cancel deletions.
/// </summary>
public sealed class DistrictData(IMediator mediator, IAuthorizationService authorization) : PageModel
{
    public Access Who { get; private set; } = null!;
    public Result Data { get; private set; } = null!;
    [TempData] public string? Notice { get; set; }

    /// <param name="SupportDistrictId">The district in the route when staff reach the page under /support; null on the owner's
    /// /district/data.</param>
    public sealed record Access(int DistrictId, bool CanExport, bool CanDelete, int? SupportDistrictId);

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        if (await ResolveAsync() is not { } access) return Forbid();
        Who = access;
        if (await mediator.Send(new Query(access.DistrictId), token) is not { } result) return NotFound();
        Data = result;
        return Page();
    }

    public async Task<IActionResult> OnPostExportAsync(CancellationToken token)
    {
        if (await ResolveAsync() is not { CanExport: true } access) return Forbid();
        var result = await mediator.Send(new RequestExport.Command(access.DistrictId), token);
        Notice = result.AlreadyQueued
            ? "An export is already being prepared."
            : "Export requested. It is prepared in the background; this page shows its progress.";
        return RedirectToPage(new { districtId = access.SupportDistrictId });
    }

    public async Task<IActionResult> OnGetDownloadAsync(int exportId, CancellationToken token)
    {
        if (await ResolveAsync() is not { CanExport: true } access) return Forbid();
        var file = await mediator.Send(new DownloadExport.Command(access.DistrictId, exportId), token);
        return file is null ? NotFound() : File(file.Content, "application/zip", file.FileName);
    }

    public async Task<IActionResult> OnPostCancelDeletionAsync(CancellationToken token)
    {
        if (await ResolveAsync() is not { CanDelete: true } access) return Forbid();
        Notice = await mediator.Send(new CancelDeletion.Command(access.DistrictId), token)
            ? "The deletion was cancelled; nothing was deleted."
            : "There was no scheduled deletion to cancel.";
        return RedirectToPage(new { districtId = access.SupportDistrictId });
    }

    /// <summary>
    /// The owner's own district from the claim, or the route's district for staff (exporting and deleting: support admins only).
    /// </summary>
    private async Task<Access?> ResolveAsync()
    {
        if (int.TryParse(RouteData.Values["districtId"]?.ToString(), out var routeDistrict))
        {
            if (!User.IsStaff()) return null;
            if (!(await authorization.AuthorizeAsync(User, routeDistrict, TwigPolicies.CanViewDistrict)).Succeeded) return null;
            var admin = User.IsInRole(TwigRoles.SupportAdmin);
            return new Access(routeDistrict, admin, admin, routeDistrict);
        }
        if (await OwnPageOpensForAsync(User, authorization) && User.GetDistrictId() is { } own)
            return new Access(own, CanExport: true, CanDelete: false, SupportDistrictId: null);
        return null;
    }

    /// <summary>Whether /district/data, the owner's page for their own district, opens for this visitor (others get 403).</summary>
    public static async Task<bool> OwnPageOpensForAsync(System.Security.Claims.ClaimsPrincipal user, IAuthorizationService authorization) =>
        (await authorization.AuthorizeAsync(user, TwigPolicies.IsDistrictOwner)).Succeeded;

    public sealed record Query(int DistrictId) : IQuery<Result?>;

    public sealed record Result
    {
        public required int DistrictId { get; init; }
        public required string Name { get; init; }
        public required string Slug { get; init; }
        public DateTime? DeletedAt { get; init; }
        public required IReadOnlyList<ExportLine> Exports { get; init; }
        public required IReadOnlyList<DeletionLine> Deletions { get; init; }
        public required DataStewardshipOptions Settings { get; init; }

        public DeletionLine? Scheduled =>
            Deletions.FirstOrDefault(d => d.Status is DistrictDeletionStatus.Scheduled or DistrictDeletionStatus.Running);
    }

    public sealed record ExportLine
    {
        public required int Id { get; init; }
        public required DateTime RequestedAt { get; init; }
        public required string RequestedBy { get; init; }
        public required DistrictExportStatus Status { get; init; }
        public required int Done { get; init; }
        public required int Total { get; init; }
        public DateTime? CompletedAt { get; init; }
        public DateTime? ExpiresAt { get; init; }
        public required long SizeBytes { get; init; }
        public string? Sha256 { get; init; }
        public string? Message { get; init; }

        public bool Downloadable(DateTime now) => Status == DistrictExportStatus.Ready && ExpiresAt > now;
    }

    public sealed record DeletionLine
    {
        public required int Id { get; init; }
        public required DistrictDeletionStatus Status { get; init; }
        public required string RequestedBy { get; init; }
        public required DateTime RequestedAt { get; init; }
        public required DateTime DueAt { get; init; }
        public string? CancelledBy { get; init; }
        public DateTime? CancelledAt { get; init; }
        public DateTime? CompletedAt { get; init; }
    }

    public sealed class QueryHandler(TwigDb db, Microsoft.Extensions.Options.IOptions<DataStewardshipOptions> options)
        : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var district = await db.Districts.AsNoTracking().Where(d => d.Id == message.DistrictId)
                .Select(d => new { d.Name, d.Slug, d.DeletedAt }).SingleOrDefaultAsync(token);
            if (district is null) return null;
            var exports = await db.DistrictExports.AsNoTracking().Where(e => e.DistrictId == message.DistrictId)
                .OrderByDescending(e => e.RequestedAt).ThenByDescending(e => e.Id).Take(20)
                .Select(e => new ExportLine
                {
                    Id = e.Id, RequestedAt = e.RequestedAt, RequestedBy = e.RequestedBy, Status = e.Status, Done = e.ProgressDone,
                    Total = e.ProgressTotal, CompletedAt = e.CompletedAt, ExpiresAt = e.ExpiresAt, SizeBytes = e.SizeBytes,
                    Sha256 = e.Sha256, Message = e.Message,
                })
                .ToListAsync(token);
            var deletions = await db.DistrictDeletions.AsNoTracking().Where(d => d.DistrictId == message.DistrictId)
                .OrderByDescending(d => d.RequestedAt).ThenByDescending(d => d.Id)
                .Select(d => new DeletionLine
                {
                    Id = d.Id, Status = d.Status, RequestedBy = d.RequestedBy, RequestedAt = d.RequestedAt, DueAt = d.DueAt,
                    CancelledBy = d.CancelledBy, CancelledAt = d.CancelledAt, CompletedAt = d.CompletedAt,
                })
                .ToListAsync(token);
            return new Result
            {
                DistrictId = message.DistrictId,
                Name = district.Name,
                Slug = district.Slug,
                DeletedAt = district.DeletedAt,
                Exports = exports,
                Deletions = deletions,
                Settings = options.Value,
            };
        }
    }
}
