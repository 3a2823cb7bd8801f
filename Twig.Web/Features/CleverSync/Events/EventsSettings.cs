namespace Twig.Web.Features.CleverSync.Events;

/// <summary>The <c>Sync:Events</c> configuration section: when a district in events mode still runs a full sync.</summary>
public sealed class EventsSettings
{
    public const string Section = "Sync:Events";

    /// <summary>A full sync runs when the last one is older than this, whatever the day (the weekly reconciliation).</summary>
    public TimeSpan FullSyncEvery { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The night of the week (in Sync:TimeZone) whose nightly run is always a full reconciliation.</summary>
    public DayOfWeek ReconcileOn { get; set; } = DayOfWeek.Sunday;
}
