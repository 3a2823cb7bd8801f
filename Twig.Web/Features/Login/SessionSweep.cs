using Coravel.Invocable;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;

namespace Twig.Web.Features.Login;

/// <summary>Deletes session rows a day after they ended or expired; until then they explain a refused cookie.</summary>
public static class SessionSweep
{
    public sealed record Command : ICommand<int>;

    public sealed class CommandHandler(TwigDb db, TimeProvider clock) : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command message, CancellationToken token)
        {
            var before = clock.GetUtcNow().UtcDateTime.AddDays(-1);
            return await db.SignInSessions.Where(s => s.ExpiresAt < before || s.EndedAt < before).ExecuteDeleteAsync(token);
        }
    }

    public sealed class Invocable(IMediator mediator) : IInvocable
    {
        public async Task Invoke() => await mediator.Send(new Command());
    }
}
