using Mediator;
using Twig.Web.Data;

namespace Twig.Web.Infrastructure.Messaging;

/// <summary>
/// A command either happens whole or not at all: begin, handle, save, commit. A command nested in another
/// joins the outer transaction. Commands that write in batches of their own implement <see cref="IOwnsTransaction"/>.
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(TwigDb db)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is IOwnsTransaction || db.Database.CurrentTransaction is not null)
            return await next(message, cancellationToken);

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            (message, next),
            async (_, state, ct) =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var response = await state.next(state.message, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return response;
            },
            verifySucceeded: null,
            cancellationToken);
    }
}

/// <summary>Marks a command that commits its own work (long syncs write in several transactions of their own).</summary>
public interface IOwnsTransaction;
