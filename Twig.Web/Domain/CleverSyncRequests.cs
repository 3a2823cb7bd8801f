using Mediator;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Domain;

/// <summary>
/// "Sync now" as any page asks for it. The messages live here and their handler in Features/CleverSync (Runs/RequestSync.cs), so
/// the district dashboard asks the sync without knowing that slice; the sync log asks the same way, so both say the same words.
/// </summary>
public static class SyncNow
{
    /// <summary>A person presses "Sync now" for a district.</summary>
    public sealed record Command(int DistrictId) : ICommand<Outcome>, IOwnsTransaction;

    /// <param name="RunId">The run that does the work (new or already queued), or null when none was queued.</param>
    /// <param name="Started">True when a run is queued or running for this press; false when it was refused.</param>
    /// <param name="Notice">What the person reads next: started, already running, or why not.</param>
    public sealed record Outcome(int? RunId, bool Started, string Notice);

    /// <summary>
    /// Why "Sync now" cannot start a run at this moment, or null: RequestSync's own preconditions, asked before the button is drawn.
    /// </summary>
    public sealed record UnavailableQuery(int DistrictId) : IQuery<Unavailable?>;

    /// <param name="Reason">Why, in the words the button shows beside it.</param>
    /// <param name="AvailableAt">
    /// When only the waiting time between syncs stands in the way: the moment (UTC) it ends, so a page's script can enable the
    /// button then; null when something else must change first.
    /// </param>
    public sealed record Unavailable(string Reason, DateTime? AvailableAt = null);
}

/// <summary>
/// Where a run is now, as the dashboard and the run's page render it and the one poller (sync-progress.js) reads it. The query is
/// answered in Features/CleverSync (History/RunProgressRead.cs), which holds the live board of the runs this instance executes.
/// </summary>
public static class RunProgress
{
    public sealed record Query(int DistrictId, int RunId) : IQuery<Model?>;

    /// <summary>
    /// What the polling script reads: the words are made by the server so the first render and every update match.
    /// The bar runs across all steps (each a hundredth-share of its own), so it moves even while Clever's totals are unknown.
    /// </summary>
    public sealed record Model
    {
        public required int RunId { get; init; }
        public required string Status { get; init; }
        public required string StatusText { get; init; }
        public required string Phase { get; init; }
        public required string PhaseText { get; init; }
        public required string StepText { get; init; }
        public required string CountText { get; init; }
        public required int Done { get; init; }
        public required int Total { get; init; }
        public required int BarValue { get; init; }
        public required int BarMax { get; init; }
        public required bool Finished { get; init; }
        public string? Message { get; init; }
    }
}

/// <summary>
/// Support decides a pending Clever connection from a district's own page (support console): approve it into that district, or
/// reject it. Handled in Features/CleverSync (Connections/ConnectionDecisions.cs), the same rules as the connections page.
/// </summary>
public static class ConnectionDecision
{
    public sealed record Approve(int ConnectionId, int DistrictId, bool RunInitialSync) : ICommand<Approved>;

    /// <param name="InitialRunId">The initial sync's run, when one was queued.</param>
    /// <param name="Note">Why no initial sync started, or that someone else approved it first.</param>
    public sealed record Approved(int? InitialRunId, string? Note);

    /// <summary>Answers false when the connection was no longer waiting for approval.</summary>
    public sealed record Reject(int ConnectionId) : ICommand<bool>;
}
