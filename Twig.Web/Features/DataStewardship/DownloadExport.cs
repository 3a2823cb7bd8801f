using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.DataStewardship;

/// <summary>Hands out a ready export of the district (never another district's) and audits who took it.</summary>
public static class DownloadExport
{
    public sealed record Command(int DistrictId, int ExportId) : ICommand<Result?>;

    public sealed record Result(byte[] Content, string FileName);

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, TimeProvider clock) : ICommandHandler<Command, Result?>
    {
        public async ValueTask<Result?> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var export = await db.DistrictExports.AsNoTracking()
                .Where(e => e.Id == message.ExportId && e.DistrictId == message.DistrictId && e.Status == DistrictExportStatus.Ready
                            && e.ExpiresAt > now)
                .Select(e => new { e.Id, e.CompletedAt, e.Sha256 }).SingleOrDefaultAsync(token);
            if (export is null) return null;
            var content = await db.DistrictExportFiles.Where(f => f.DistrictExportId == export.Id).Select(f => f.Content)
                .SingleOrDefaultAsync(token);
            if (content is null) return null;
            var district = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => new { d.Slug, d.TimeZoneId })
                .SingleAsync(token);
            audit.Record("district.export-downloaded", message.DistrictId, $"Data export {export.Id} downloaded (SHA-256 {export.Sha256})");
            // Named after when it was made in the district's zone, the time its page shows, not in UTC.
            var made = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(export.CompletedAt ?? now, DateTimeKind.Utc),
                DisplayTime.ZoneOrDefault(district.TimeZoneId));
            return new Result(content, $"twig-{district.Slug}-export-{made:yyyyMMdd-HHmm}.zip");
        }
    }
}
