using Coravel;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.Notifications;

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        var emailEnabled = configuration.GetValue($"{NotificationOptions.Section}:EmailEnabled", true);
        var host = configuration[$"{SmtpOptions.Section}:Host"];
        if (environment.IsProduction() && emailEnabled && (string.IsNullOrWhiteSpace(host) || host.Equals(SmtpOptions.SandboxHost, StringComparison.OrdinalIgnoreCase)))
            throw new StartupConfigurationException(
                "Notifications:EmailEnabled is true in Production but Smtp:Host names no real SMTP server; set Smtp:Host (and Port, UseTls, User, Password, From) or turn e-mail off.");

        services.AddScoped<AppLinks>();
        services.AddScoped<Outbox>();
        services.AddScoped<MailSender>();
        services.AddTransient<SupportDigest.Invocable>();
        services.AddTransient<StaleSyncCheck.Invocable>();
        if (configuration.GetValue($"{NotificationOptions.Section}:DispatcherEnabled", true)) services.AddHostedService<NotificationDispatcher>();
        return services;
    }

    /// <summary>The support digest daily at Notifications:DigestAt in Notifications:TimeZone (07:00 Pacific); the 48-hour check hourly.</summary>
    public static WebApplication UseNotificationSchedule(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Scheduler:Enabled", true)) return app;
        var settings = app.Configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();
        var (hour, minute) = settings.DigestTime();
        app.Services.UseScheduler(scheduler =>
        {
            scheduler.Schedule<SupportDigest.Invocable>().DailyAt(hour, minute).Zoned(settings.Zone()).PreventOverlapping(nameof(SupportDigest));
            scheduler.Schedule<StaleSyncCheck.Invocable>().Hourly().PreventOverlapping(nameof(StaleSyncCheck));
        }).OnError(ex => app.Services.GetRequiredService<ILogger<NotificationDispatcher>>().LogError(ex, "A scheduled notification job failed"));
        return app;
    }
}
