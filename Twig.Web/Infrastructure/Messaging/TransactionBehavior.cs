using Mediator;
using Twig.Web.Data;

namespace Twig.Web.Infrastructure.Messaging;

/// <summary>
/// A command either happens whole or not at all: one <see cref="TwigDbTransactions.InTransactionAsync{T}"/> around
/// handle and save. A command nested in another joins the outer transaction. Commands that need their own shape
/// (work outside the transaction, several transactions, a commit check) implement <see cref="IOwnsTransaction"/>
/// and use the same idiom themselves.
/// </summary>
public sealed class TransactionBehavior<TMessage, TResponse>(TwigDb db)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        if (message is IOwnsTransaction || db.Database.CurrentTransaction is not null)
            return await next(message, cancellationToken);

        // A plain command reads and writes only inside its transaction, so running it again after a lost commit
        // acknowledgement meets its own result (a unique key, a state already changed) rather than doubling it.
        return await db.InTransactionAsync(async ct => await next(message, ct), verifySucceeded: null, cancellationToken);
    }
}

/// <summary>Marks a command that opens its own transactions with <see cref="TwigDbTransactions.InTransactionAsync{T}"/>.</summary>
public interface IOwnsTransaction;
