using Coravel;
using Microsoft.Extensions.Options;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.CommandLine;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.CleverSync;

public static class CleverSyncSetup
{
    public static IServiceCollection AddCleverSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCleverClients(configuration);
        services.Configure<SyncSettings>(configuration.GetSection(SyncSettings.Section));
        services.AddSingleton<CleverTokenProtector>();
        services.AddSingleton<SyncProgressBoard>();
        services.AddSingleton<SyncSignal>();
        services.AddScoped<RosterFetcher>();
        services.AddScoped<RosterWriter>();
        services.AddScoped<SyncQueue>();
        services.AddSingleton<SyncHeartbeat>();
        services.AddTransient<NightlySync.Invocable>();
        services.AddTransient<DiscoverConnections.Invocable>();
        services.AddSingleton<ICommandLineVerb, ConnectionsVerb>();
        services.AddSingleton<ICommandLineVerb, ApproveConnectionVerb>();
        services.AddSingleton<ICommandLineVerb, SyncVerb>();
        services.AddSingleton<ICommandLineVerb, SyncStatusVerb>();
        services.AddSingleton<ICommandLineVerb, ReconnectVerb>();
        if (configuration.GetValue("Sync:WorkerEnabled", true)) services.AddHostedService<SyncWorker>();
        return services;
    }

    /// <summary>The nightly sync at Sync:NightlyAt in Sync:TimeZone (midnight Pacific), and connection discovery every 15 minutes.</summary>
    public static void ScheduleCleverSync(Coravel.Scheduling.Schedule.Interfaces.IScheduler scheduler, IServiceProvider services)
    {
        var settings = services.GetRequiredService<IOptions<SyncSettings>>().Value;
        var (hour, minute) = settings.NightlyTime();
        scheduler.Schedule<NightlySync.Invocable>().DailyAt(hour, minute).Zoned(settings.Zone()).PreventOverlapping(nameof(NightlySync));
        scheduler.Schedule<DiscoverConnections.Invocable>().EveryFifteenMinutes().PreventOverlapping(nameof(DiscoverConnections));
    }

    public static WebApplication UseCleverSyncSchedule(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Scheduler:Enabled", true)) return app;
        app.Services.UseScheduler(scheduler => ScheduleCleverSync(scheduler, app.Services))
            .OnError(ex => app.Services.GetRequiredService<ILogger<SyncWorker>>().LogError(ex, "A scheduled job failed"));
        return app;
    }
}
