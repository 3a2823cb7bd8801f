using Microsoft.Extensions.Options;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Scheduling;

namespace Twig.Web.Features.Notifications;

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.Configure<SyncFreshness>(configuration.GetSection(SyncFreshness.Section));
        var emailEnabled = configuration.GetValue($"{NotificationOptions.Section}:EmailEnabled", true);
        var host = configuration[$"{SmtpOptions.Section}:Host"];
        var noRealServer = string.IsNullOrWhiteSpace(host) || host.Equals(SmtpOptions.SandboxHost, StringComparison.OrdinalIgnoreCase);
        if (!environment.IsDevelopmentOrTest() && emailEnabled && noRealServer)
            throw new StartupConfigurationException(
                $"Notifications:EmailEnabled is true in {environment.EnvironmentName} but Smtp:Host names no real SMTP server; "
                + "set Smtp:Host (and Port, UseTls, User, Password, From) or turn e-mail off.");

        services.AddScoped<AppLinks>();
        services.AddScoped<Outbox>();
        services.AddScoped<MailSender>();
        services.AddTransient<SupportDigest.Invocable>();
        services.AddTransient<StaleSyncCheck.Invocable>();
        services.AddSingleton<IScheduleContributor, NotificationsSchedule>();
        if (configuration.GetValue($"{NotificationOptions.Section}:DispatcherEnabled", true))
            services.AddHostedService<NotificationDispatcher>();
        return services;
    }
}

/// <summary>
/// The support digest daily at Notifications:DigestAt in Notifications:TimeZone (07:00 Pacific); the no-recent-sync check hourly.
/// </summary>
public sealed class NotificationsSchedule(IOptions<NotificationOptions> options) : IScheduleContributor
{
    public void Schedule(TwigSchedule schedule)
    {
        var settings = options.Value;
        var (hour, minute) = settings.DigestTime();
        schedule.Job<SupportDigest.Invocable>(at => at.DailyAt(hour, minute).Zoned(settings.Zone()));
        schedule.Job<StaleSyncCheck.Invocable>(at => at.Hourly());
    }
}
