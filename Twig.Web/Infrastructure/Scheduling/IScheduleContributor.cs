namespace Twig.Web.Infrastructure.Scheduling;

/// <summary>
/// A feature's recurring jobs. Each slice registers one (<c>services.AddSingleton&lt;IScheduleContributor, ...&gt;()</c>)
/// and says only when its jobs run; <see cref="TwigSchedules"/> adds them all to Coravel's one scheduler.
/// </summary>
public interface IScheduleContributor
{
    void Schedule(TwigSchedule schedule);
}
