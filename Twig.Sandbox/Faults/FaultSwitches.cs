namespace Twig.Sandbox.Faults;

/// <summary>
/// Faults injected into one district token's Data API traffic, so sync code can be tested against the
/// failures Clever really produces. Pages are numbered from 1 as a client walks a collection by its
/// <c>next</c> links; a retry of the same page counts as the same page. Collection names are the
/// Data API's ("users", "sections", "schools", "terms", "courses"); null means any collection.
/// </summary>
public sealed class FaultSwitches
{
    private readonly object gate = new();
    private readonly Action<bool> setRevoked;
    private readonly List<PlannedFailure> failures = [];
    private readonly Dictionary<(string Collection, string Cursor), int> pageAfterCursor = [];
    private int burst;
    private int? truncatePage;
    private string? truncateCollection;
    private string? loopCollection;
    private bool loopAny;
    private int eventDrops;
    private int eventMangles;

    internal FaultSwitches(Action<bool> setRevoked) => this.setRevoked = setRevoked;

    /// <summary>Extra latency added to every Data API response.</summary>
    public TimeSpan Delay { get; private set; }

    /// <summary>Whether list endpoints pretend the district has nobody.</summary>
    public bool RosterEmpty { get; private set; }

    /// <summary>Answer <paramref name="status"/> (e.g. 500, 502, 503) for page <paramref name="onPage"/> of a collection,
    /// <paramref name="times"/> times.</summary>
    public FaultSwitches Fail(int status, int onPage = 1, string? collection = null, int times = 1)
    {
        lock (gate) failures.Add(new PlannedFailure(status, onPage, collection, times));
        return this;
    }

    /// <summary>The next <paramref name="requests"/> Data API requests get 429, as if the rate limit were exhausted.</summary>
    public FaultSwitches RateLimitBurst(int requests)
    {
        lock (gate) burst = requests;
        return this;
    }

    public FaultSwitches Slow(TimeSpan delay)
    {
        Delay = delay;
        return this;
    }

    /// <summary>Page <paramref name="page"/> comes back with a JSON body cut in half (status 200).</summary>
    public FaultSwitches TruncateBody(int page, string? collection = null)
    {
        lock (gate) (truncatePage, truncateCollection) = (page, collection);
        return this;
    }

    /// <summary>The <c>next</c> link of every page of the collection points back at the page itself.</summary>
    public FaultSwitches LoopNextLink(string? collection = null)
    {
        lock (gate) (loopCollection, loopAny) = (collection, collection is null);
        return this;
    }

    /// <summary>
    /// Events are not enabled for the app in Clever's dashboard: <c>/v3.0/events</c> (list and single) answers 404 with
    /// the Swagger's NotFound body, as Clever does for a resource the app may not read.
    /// </summary>
    public bool EventsDisabled { get; private set; }

    public FaultSwitches DisableEvents()
    {
        EventsDisabled = true;
        return this;
    }

    /// <summary>
    /// A gap in the feed: the next <paramref name="events"/> events are never served (their changes still happen, and their
    /// ids are used up). Events mode then misses a change that only a full sync finds (reconciliation drift).
    /// </summary>
    public FaultSwitches DropEvents(int events = 1)
    {
        lock (gate) eventDrops += events;
        return this;
    }

    /// <summary>
    /// The next <paramref name="events"/> events are served with an object that is not shaped as its record (its name is a
    /// number): an event a client cannot read, whose change only a full sync brings.
    /// </summary>
    public FaultSwitches MangleEvents(int events = 1)
    {
        lock (gate) eventMangles += events;
        return this;
    }

    public FaultSwitches EmptyRoster()
    {
        RosterEmpty = true;
        return this;
    }

    /// <summary>Revokes the district's current token: every call answers 401 until <see cref="Clear"/> or a rotation.</summary>
    public FaultSwitches Revoke()
    {
        setRevoked(true);
        return this;
    }

    /// <summary>Back to a healthy service: removes every fault, including a revocation.</summary>
    public void Clear()
    {
        lock (gate)
        {
            failures.Clear();
            burst = 0;
            truncatePage = null;
            truncateCollection = null;
            loopCollection = null;
            loopAny = false;
            eventDrops = 0;
            eventMangles = 0;
        }
        EventsDisabled = false;
        Delay = TimeSpan.Zero;
        RosterEmpty = false;
        setRevoked(false);
    }

    internal bool TakeEventMangle()
    {
        lock (gate)
        {
            if (eventMangles <= 0) return false;
            eventMangles--;
            return true;
        }
    }

    internal bool TakeEventDrop()
    {
        lock (gate)
        {
            if (eventDrops <= 0) return false;
            eventDrops--;
            return true;
        }
    }

    internal bool TakeBurst()
    {
        lock (gate)
        {
            if (burst <= 0) return false;
            burst--;
            return true;
        }
    }

    internal int? TakeFailure(string collection, int page)
    {
        lock (gate)
        {
            var failure =
                failures.FirstOrDefault(f => f.Page == page && f.Times > 0 && (f.Collection is null || f.Collection == collection));
            if (failure is null) return null;
            failure.Times--;
            return failure.Status;
        }
    }

    internal bool Truncates(string collection, int page)
    {
        lock (gate) return truncatePage == page && (truncateCollection is null || truncateCollection == collection);
    }

    internal bool LoopsNext(string collection)
    {
        lock (gate) return loopAny || loopCollection == collection;
    }

    /// <summary>The page number a request stands for: 1 without a cursor, else one more than the page that handed out the cursor.</summary>
    internal int PageFor(string collection, string? startingAfter)
    {
        if (string.IsNullOrEmpty(startingAfter)) return 1;
        lock (gate) return pageAfterCursor.GetValueOrDefault((collection, startingAfter));
    }

    internal void RememberNext(string collection, string nextCursor, int nextPage)
    {
        lock (gate) pageAfterCursor[(collection, nextCursor)] = nextPage;
    }

    /// <summary>A one-line summary for the control page.</summary>
    public string Describe()
    {
        lock (gate)
        {
            var parts = new List<string>();
            parts.AddRange(failures.Where(f => f.Times > 0).Select(f =>
                $"{f.Status} on page {f.Page} of {f.Collection ?? "any collection"} ×{f.Times}"));
            if (burst > 0) parts.Add($"429 for the next {burst} requests");
            if (Delay > TimeSpan.Zero) parts.Add($"slow by {Delay.TotalMilliseconds} ms");
            if (truncatePage is { } page) parts.Add($"truncated body on page {page} of {truncateCollection ?? "any collection"}");
            if (loopAny || loopCollection is not null) parts.Add($"looping next link on {loopCollection ?? "any collection"}");
            if (RosterEmpty) parts.Add("empty roster");
            if (EventsDisabled) parts.Add("events not enabled");
            if (eventDrops > 0) parts.Add($"the next {eventDrops} event(s) dropped");
            if (eventMangles > 0) parts.Add($"the next {eventMangles} event(s) unreadable");
            return parts.Count == 0 ? "none" : string.Join("; ", parts);
        }
    }

    private sealed class PlannedFailure(int status, int page, string? collection, int times)
    {
        public int Status { get; } = status;
        public int Page { get; } = page;
        public string? Collection { get; } = collection;
        public int Times { get; set; } = times;
    }
}
