using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.DataStewardship;

/// <summary>The owner or a support admin asks for the district's data; the export is built in the background.</summary>
public static class RequestExport
{
    public sealed record Command(int DistrictId) : ICommand<Result>;

    public sealed record Result(int ExportId, bool AlreadyQueued);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TwigDb db) =>
            RuleFor(c => c.DistrictId)
                .MustAsync(async (id, ct) => await db.Districts.AnyAsync(d => d.Id == id && d.DeletedAt == null, ct))
                .WithMessage("There is no data to export: the district does not exist or its data was deleted.");
    }

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, CurrentActor actor, TimeProvider clock)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var pending = await db.DistrictExports
                .Where(e => e.DistrictId == message.DistrictId
                            && (e.Status == DistrictExportStatus.Queued || e.Status == DistrictExportStatus.Running))
                .Select(e => (int?)e.Id).FirstOrDefaultAsync(token);
            if (pending is { } id) return new Result(id, true);
            var export = new DistrictExport
            {
                DistrictId = message.DistrictId, RequestedBy = actor.Name, RequestedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.DistrictExports.Add(export);
            await db.SaveChangesAsync(token);
            audit.Record("district.export-requested", message.DistrictId, $"Data export {export.Id} requested");
            return new Result(export.Id, false);
        }
    }
}
