using Coravel.Invocable;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.DataStewardship;

/// <summary>Hourly: carries out every deletion whose grace period is over, and resumes any that stopped half-way.</summary>
public static class DeletionJob
{
    public sealed record Command : ICommand<Result>, IOwnsTransaction;

    public sealed record Result(int Completed, int Waiting);

    public sealed class CommandHandler(TwigDb db, IMediator mediator, TimeProvider clock, ILogger<CommandHandler> logger)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var due = await db.DistrictDeletions.AsNoTracking()
                .Where(d => (d.Status == DistrictDeletionStatus.Scheduled && d.DueAt <= now) || d.Status == DistrictDeletionStatus.Running)
                .OrderBy(d => d.DueAt).Select(d => d.Id).ToListAsync(token);
            int completed = 0, waiting = 0;
            foreach (var id in due)
            {
                var result = await mediator.Send(new DeleteDistrictData.Command(id), token);
                if (result.Completed) completed++;
                else
                {
                    waiting++;
                    logger.LogInformation("Deletion {DeletionId} waits: {Reason}", id, result.Refusal);
                }
            }
            if (due.Count > 0) logger.LogInformation("Deletion job: {Completed} completed, {Waiting} waiting", completed, waiting);
            return new Result(completed, waiting);
        }
    }

    public sealed class Invocable(IMediator mediator, CurrentActor actor) : IInvocable
    {
        public async Task Invoke()
        {
            actor.ActAs("deletion schedule");
            await mediator.Send(new Command());
        }
    }
}
