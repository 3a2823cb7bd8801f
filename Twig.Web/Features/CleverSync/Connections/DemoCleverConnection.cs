using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Connections;

/// <summary>
/// Development only: once Twig is listening (the sandbox Clever is reachable over HTTP), discover the sandbox's
/// connections and approve the demo one (Demo:CleverDistrictId) for the demo district (Demo:CleverDistrictSlug, the demo data's
/// "Demo Unified"), exactly as a support admin would, initial sync included. Nothing happens once the demo district is linked.
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
        var slug = configuration["Demo:CleverDistrictSlug"];
        if (string.IsNullOrEmpty(cleverDistrictId) || string.IsNullOrEmpty(slug)) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TwigDb>();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            if (await db.CleverConnections.AnyAsync(c => c.District!.Slug == slug)) return;
            await mediator.Send(new DiscoverConnections.Command());
            var connectionId = await db.CleverConnections
                .Where(c => c.CleverDistrictId == cleverDistrictId && c.State == CleverConnectionState.PendingApproval)
                .Select(c => (int?)c.Id).SingleOrDefaultAsync();
            if (connectionId is null) return;
            var approved = await mediator.Send(new ApproveConnection.Command
            {
                // The demo links the sandbox's Clever district to Demo Unified on purpose, whatever their names.
                ConnectionId = connectionId.Value, DistrictSlug = slug, RunInitialSync = true, ConfirmedSlug = slug,
            });
            logger.LogInformation("Demo: the sandbox Clever district is connected to Demo Unified; initial sync queued as run {RunId}",
                approved.InitialRunId);
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
