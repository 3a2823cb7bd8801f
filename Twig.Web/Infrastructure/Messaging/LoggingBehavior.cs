using System.Diagnostics;
using Mediator;

namespace Twig.Web.Infrastructure.Messaging;

/// <summary>Logs which message ran and how long it took; never the message's content, which may hold personal data.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            // Checked first: a page sends several messages, and a disabled debug line should cost no name, box or array.
            if (logger.IsEnabled(LogLevel.Debug))
                logger.LogDebug("{Message} handled in {ElapsedMs:0} ms", MessageName.Of(typeof(TMessage)),
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (FluentValidation.ValidationException)
        {
            logger.LogInformation("{Message} refused: invalid input", MessageName.Of(typeof(TMessage)));
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Message} failed after {ElapsedMs:0} ms", MessageName.Of(typeof(TMessage)),
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}

internal static class MessageName
{
    /// <summary>"Dashboard.Query" rather than the full name, namespace and "Dashboard+Query".</summary>
    public static string Of(Type type) => type.DeclaringType is { } outer ? $"{outer.Name}.{type.Name}" : type.Name;
}
