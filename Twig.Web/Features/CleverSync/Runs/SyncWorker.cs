using Microsoft.Extensions.Options;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>Runs queued syncs in the background, one at a time in this instance, for as long as the app runs.</summary>
public sealed class SyncWorker(IServiceScopeFactory scopes, SyncSignal signal, IOptions<SyncSettings> settings, ILogger<SyncWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var queue = scope.ServiceProvider.GetRequiredService<SyncQueue>();
                if (await queue.ProcessNextAsync(SyncQueue.InstanceName, stoppingToken) is not null) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The sync worker could not take a run; it will try again");
            }
            try
            {
                await signal.WaitAsync(settings.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
