namespace Twig.Web.Infrastructure;

/// <summary>
/// A feature's work before Twig serves anyone, once the database answers and its schema is current. Each slice registers its
/// own (<c>services.AddSingleton&lt;IStartupContributor, ...&gt;()</c>) and <see cref="StartupTasks"/> runs them all in
/// <see cref="Order"/>, as <see cref="Scheduling.IScheduleContributor"/> does for recurring jobs: start-up knows no feature.
/// </summary>
public interface IStartupContributor
{
    /// <summary>Lower runs first: repairs of what a stopped process left (0) before demo data (100).</summary>
    int Order { get; }

    /// <param name="services">The start-up scope's services.</param>
    /// <param name="seedDemo">False when a command-line verb starts the app: demo data is for the served app only.</param>
    Task RunAsync(IServiceProvider services, bool seedDemo, CancellationToken token);
}
