using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Connections;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// Development only: once Twig is listening (the sandbox Clever is reachable over HTTP), discover the sandbox's
/// connections and approve the demo one for "Demo Unified", exactly as a support admin would, initial sync included.
/// Nothing happens once the demo district is linked.
/// </summary>
public sealed class DemoCleverConnection(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IConfiguration configuration,
    ILogger<DemoCleverConnection> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(ConnectAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ConnectAsync()
    {
        var cleverDistrictId = configuration["Demo:CleverDistrictId"];
        if (string.IsNullOrEmpty(cleverDistrictId)) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TwigDb>();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            if (await db.CleverConnections.AnyAsync(c => c.District!.Slug == DemoData.DistrictSlug)) return;
            await mediator.Send(new DiscoverConnections.Command());
            var connectionId = await db.CleverConnections.Where(c => c.CleverDistrictId == cleverDistrictId && c.State == CleverConnectionState.PendingApproval)
                .Select(c => (int?)c.Id).SingleOrDefaultAsync();
            if (connectionId is null) return;
            var approved = await mediator.Send(new ApproveConnection.Command(connectionId.Value, DemoData.DistrictSlug, false, null, null, RunInitialSync: true));
            logger.LogInformation("Demo: the sandbox Clever district is connected to Demo Unified; initial sync queued as run {RunId}", approved.InitialRunId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Demo: could not connect the sandbox Clever district");
        }
    }
}

public static class DemoCleverConnectionSetup
{
    public static IServiceCollection AddDemoCleverConnection(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Demo:Enabled") && configuration.GetValue<bool>("Sandbox:Enabled"))
            services.AddHostedService<DemoCleverConnection>();
        return services;
    }
}
