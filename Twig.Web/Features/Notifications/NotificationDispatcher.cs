using Mediator;
using Microsoft.Extensions.Options;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.Notifications;

/// <summary>Sends the outbox in the background every <see cref="NotificationOptions.PollInterval"/> while Twig runs.</summary>
public sealed class NotificationDispatcher(
    IServiceScopeFactory scopes, IOptions<NotificationOptions> options, ILogger<NotificationDispatcher> logger) : BackgroundService
{
    public static readonly string InstanceName = $"{AppInstance.Name}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                var result = await mediator.Send(new DispatchNotifications.Command(InstanceName), stoppingToken);
                if (result.Sent > 0) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The notification dispatcher failed a round; it will try again");
            }
            try
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
