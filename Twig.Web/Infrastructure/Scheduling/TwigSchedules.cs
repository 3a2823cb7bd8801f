using Coravel;
using Coravel.Scheduling.Schedule.Interfaces;

namespace Twig.Web.Infrastructure.Scheduling;

/// <summary>
/// Every recurring job of the app, in one place: the features' <see cref="IScheduleContributor"/>s on Coravel's
/// scheduler, and the one error handler (Coravel keeps only one: a second registration would replace the first).
/// </summary>
public static class TwigSchedules
{
    /// <summary>Adds every feature's jobs to <paramref name="scheduler"/>; returns what was scheduled.</summary>
    public static TwigSchedule Schedule(IScheduler scheduler, IServiceProvider services)
    {
        var schedule = new TwigSchedule(scheduler, services.GetRequiredService<IServiceScopeFactory>());
        foreach (var contributor in services.GetServices<IScheduleContributor>()) contributor.Schedule(schedule);
        return schedule;
    }

    /// <summary>The one error handler: names the failing job; the exception's own text says what went wrong.</summary>
    public static void LogFailure(IServiceProvider services, Exception exception)
    {
        var logger = services.GetRequiredService<ILogger<TwigSchedule>>();
        if (exception is ScheduledJobFailedException failed)
            logger.LogError(failed.InnerException, "Scheduled job {Job} failed", failed.Job);
        else logger.LogError(exception, "A scheduled job failed");
    }

    /// <summary>Starts the schedule unless <c>Scheduler:Enabled</c> is false (tests, command-line runs).</summary>
    public static WebApplication UseTwigSchedules(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Scheduler:Enabled", true)) return app;
        app.Services.UseScheduler(scheduler => Schedule(scheduler, app.Services))
            .OnError(exception => LogFailure(app.Services, exception));
        return app;
    }
}
