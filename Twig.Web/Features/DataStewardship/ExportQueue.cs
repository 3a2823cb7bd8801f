using Coravel.Invocable;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// Every few seconds: builds queued exports (and those whose builder stopped half-way), one after another, and deletes the
/// zips of exports past their 24 hours (the row and its hash stay for the record and the certificate).
/// </summary>
public static class ExportQueue
{
    public sealed record Command(string Worker) : ICommand<Result>, IOwnsTransaction;

    public sealed record Result(int Built, int Expired);

    public sealed class CommandHandler(TwigDb db, IMediator mediator, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var expired = await db.DistrictExports.Where(e => e.Status == DistrictExportStatus.Ready && e.ExpiresAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, DistrictExportStatus.Expired), token);
            await db.DistrictExportFiles
                .Where(f => db.DistrictExports.Any(e => e.Id == f.DistrictExportId && e.Status != DistrictExportStatus.Ready))
                .ExecuteDeleteAsync(token);
            var queued = await db.DistrictExports.AsNoTracking().Where(BuildExport.Buildable(now))
                .OrderBy(e => e.RequestedAt).Select(e => e.Id).ToListAsync(token);
            var built = 0;
            foreach (var id in queued)
                if (await mediator.Send(new BuildExport.Command(id, message.Worker), token)) built++;
            return new Result(built, expired);
        }
    }

    public sealed class Invocable(IMediator mediator) : IInvocable
    {
        public async Task Invoke() => await mediator.Send(new Command(Infrastructure.AppInstance.Name));
    }
}
