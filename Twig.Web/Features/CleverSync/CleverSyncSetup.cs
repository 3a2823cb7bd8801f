using Microsoft.Extensions.Options;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.CommandLine;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Features.CleverSync.Events;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Scheduling;

namespace Twig.Web.Features.CleverSync;

public static class CleverSyncSetup
{
    public static IServiceCollection AddCleverSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCleverClients(configuration);
        services.AddCleverEvents(configuration);
        services.Configure<SyncSettings>(configuration.GetSection(SyncSettings.Section));
        services.AddSingleton<CleverTokenProtector>();
        services.AddSingleton<SyncProgressBoard>();
        services.AddSingleton<SyncSignal>();
        services.AddScoped<RosterFetcher>();
        services.AddScoped<RunSources>();
        services.AddScoped<SyncApply>();
        services.AddScoped<RosterWriter>();
        services.AddScoped<SyncQueue>();
        services.AddSingleton<SyncHeartbeat>();
        services.AddTransient<NightlySync.Invocable>();
        services.AddTransient<DiscoverConnections.Invocable>();
        services.AddSingleton<IScheduleContributor, CleverSyncSchedule>();
        services.AddSingleton<IStartupContributor, RecoverInterruptedRunsAtStartup>();
        services.AddSingleton<ICommandLineVerb, ConnectionsVerb>();
        services.AddSingleton<ICommandLineVerb, ApproveConnectionVerb>();
        services.AddSingleton<ICommandLineVerb, SyncVerb>();
        services.AddSingleton<ICommandLineVerb, SyncStatusVerb>();
        services.AddSingleton<ICommandLineVerb, ReconnectVerb>();
        if (configuration.GetValue("Sync:WorkerEnabled", true)) services.AddHostedService<SyncWorker>();
        services.AddDemoCleverConnection(configuration);
        return services;
    }

}

/// <summary>The nightly sync at Sync:NightlyAt in Sync:TimeZone (midnight Pacific), and connection discovery every 15 minutes.</summary>
public sealed class CleverSyncSchedule(IOptions<SyncSettings> options) : IScheduleContributor
{
    public void Schedule(TwigSchedule schedule)
    {
        var settings = options.Value;
        var (hour, minute) = settings.NightlyTime();
        schedule.Job<NightlySync.Invocable>(at => at.DailyAt(hour, minute).Zoned(settings.Zone()));
        schedule.Job<DiscoverConnections.Invocable>(at => at.EveryFifteenMinutes());
    }
}
