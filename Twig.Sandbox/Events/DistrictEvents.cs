using System.Globalization;
using System.Text.Json.Nodes;
using Twig.Sandbox.Faults;

namespace Twig.Sandbox.Events;

/// <summary>
/// One entry of a district's Events API feed. <see cref="Object"/> is the full record after the change (the last
/// snapshot for a delete); <see cref="PreviousAttributes"/> is the nested partial diff of old values, on updates only.
/// </summary>
public sealed record SandboxEvent(string Id, DateTimeOffset Created, string Type, JsonObject Object, JsonObject? PreviousAttributes)
{
    /// <summary>The record collection the event is about ("users", "sections", "schools", ...).</summary>
    public string Collection => Type[..Type.IndexOf('.', StringComparison.Ordinal)];
}

/// <summary>
/// The events Clever keeps for one district: ascending ids shaped like Mongo ObjectIds (creation seconds first, then
/// a sequence), so sorting ids sorts by creation, and a 30-day window after which events are gone.
/// </summary>
public sealed class DistrictEvents
{
    /// <summary>Clever keeps events for 30 days.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    private readonly object gate = new();
    private readonly List<SandboxEvent> events = [];
    private readonly FaultSwitches faults;
    private readonly string tag;
    private long sequence;
    private long lastSeconds;

    internal DistrictEvents(int seed, FaultSwitches faults)
    {
        this.faults = faults;
        tag = ((ushort)(0xe000 + (seed & 0x0fff))).ToString("x4", CultureInfo.InvariantCulture);
    }

    /// <summary>Every event ever recorded, the dropped ones excepted, including those past the window (tests look back).</summary>
    public IReadOnlyList<SandboxEvent> All()
    {
        lock (gate) return [.. events];
    }

    /// <summary>The events Clever still serves at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<SandboxEvent> Live(DateTimeOffset now)
    {
        var cutoff = now - Window;
        lock (gate) return events.Where(e => e.Created >= cutoff).ToList();
    }

    /// <summary>How many events the "gap" fault swallowed.</summary>
    public int Dropped { get; private set; }

    /// <summary>
    /// An event of a type the roster does not make (Clever may add types, or send one a client does not read), served like any
    /// other.
    /// </summary>
    public void RecordOther(string type, JsonObject record, DateTimeOffset at) => Record(type, record, null, at);

    internal void Record(string type, JsonObject record, JsonObject? previous, DateTimeOffset at)
    {
        lock (gate)
        {
            // Seconds never go backwards, so ids stay ascending even if the clock is set back.
            lastSeconds = Math.Max(lastSeconds, at.ToUnixTimeSeconds());
            var id = ((uint)lastSeconds).ToString("x8", CultureInfo.InvariantCulture) + tag
                + (++sequence).ToString("x12", CultureInfo.InvariantCulture);
            if (faults.TakeEventDrop())
            {
                Dropped++;
                return;
            }
            if (faults.TakeEventMangle())
            {
                record = (JsonObject)record.DeepClone();
                record["name"] = 7;
            }
            var recorded = new SandboxEvent(id, at, type, record, previous);
            events.Add(recorded);
            EventFeed.Wire(recorded); // serialised as it is stored, not each time a page is read
        }
    }
}
