using Coravel.Invocable;
using Coravel.Scheduling.Schedule.Interfaces;

namespace Twig.Web.Infrastructure.Scheduling;

/// <summary>
/// The only way a feature schedules a job. Coravel keeps a single error handler for the whole app and hands it only the
/// exception, so every job runs inside a wrapper that turns its failure into a <see cref="ScheduledJobFailedException"/>
/// carrying the job's name; the same name keeps two runs of the job from overlapping.
/// </summary>
public sealed class TwigSchedule(IScheduler scheduler, IServiceScopeFactory scopes)
{
    private readonly List<Type> _jobs = [];

    /// <summary>The invocables scheduled so far, for the test that no job bypasses this class.</summary>
    public IReadOnlyList<Type> Jobs => _jobs;

    /// <summary>Schedules <typeparamref name="TJob"/> (resolved in a scope of its own at each run) at the times <paramref name="when"/>
    /// picks.</summary>
    public void Job<TJob>(Func<IScheduleInterval, IScheduledEventConfiguration> when) where TJob : class, IInvocable
    {
        var name = NameOf(typeof(TJob));
        _jobs.Add(typeof(TJob));
        when(scheduler.ScheduleAsync(() => RunAsync<TJob>(name))).PreventOverlapping(name);
    }

    /// <summary>A job is the nested <c>Invocable</c> of its use case, so the use case's name is the job's (NightlySync,
    /// SessionSweep...).</summary>
    public static string NameOf(Type job) => job.DeclaringType?.Name ?? job.Name;

    private async Task RunAsync<TJob>(string name) where TJob : class, IInvocable
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<TJob>().Invoke();
        }
        catch (Exception ex)
        {
            throw new ScheduledJobFailedException(name, ex);
        }
    }
}

/// <summary>A scheduled job's failure, named, so the one error handler can say which job failed.</summary>
public sealed class ScheduledJobFailedException(string job, Exception inner) : Exception($"Scheduled job {job} failed", inner)
{
    public string Job { get; } = job;
}
