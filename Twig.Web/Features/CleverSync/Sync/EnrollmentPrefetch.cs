using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// On SQLite, Twig's enrollments of the sections whose membership changed, read while Clever's later section pages are still
/// being fetched, with the district's active enrollment count. On a 1 % night half a district's sections change membership;
/// read after the fetch, their 400,000 enrollments held up the plan for about a tenth of the run, while during the fetch
/// the run mostly waits for Clever's next page. <see cref="EnrollmentReads"/> compares the rows read here and reads only
/// the sections not read here (those the run deactivates). Reads go one after another on a connection of their own, with
/// the count beside the first; they see what is committed, as the planner's own reads do.
/// </summary>
public sealed class EnrollmentPrefetch : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly int _districtId;
    private readonly CancellationTokenSource _stop;
    private readonly HashSet<int> _requested = [];
    // Appended to by one read at a time (each waits for the one before), and read once they are all done.
    private readonly List<long> _rows = [];
    private Task<long>? _count;
    private Task _reads = Task.CompletedTask;

    private EnrollmentPrefetch(string connectionString, int districtId, CancellationToken token) =>
        (_connectionString, _districtId, _stop) = (connectionString, districtId, CancellationTokenSource.CreateLinkedTokenSource(token));

    /// <summary>
    /// The rows read (<see cref="EnrollmentReads.RowWidth"/> values each), the sections they are of, and the count.
    /// </summary>
    public sealed record Prefetched(IReadOnlySet<int> Sections, List<long> Rows, int ActiveEnrollments);

    /// <summary>A prefetch for the district, or null where the database is not SQLite (the planner reads everything itself).</summary>
    public static EnrollmentPrefetch? For(TwigDb db, int districtId, CancellationToken token)
    {
        var connection = db.Database.GetDbConnection();
        return SqliteRows.IsSqlite(connection) ? new EnrollmentPrefetch(connection.ConnectionString, districtId, token) : null;
    }

    /// <summary>
    /// Starts reading the enrollments of <paramref name="sectionIds"/> (Twig ids) not asked for before. Called by one thread.
    /// </summary>
    public void Read(IEnumerable<int> sectionIds)
    {
        var ids = sectionIds.Where(_requested.Add).ToList();
        if (ids.Count == 0) return;
        _count ??= Task.Run(() => Count(), _stop.Token);
        _reads = ReadAfterAsync(_reads, ids);
    }

    /// <summary>
    /// What was read, once every read is done; null when nothing was asked for. A read that failed fails the run here, as the
    /// planner's own read would have.
    /// </summary>
    public async Task<Prefetched?> TakeAsync()
    {
        if (_count is null) return null;
        await _reads;
        return new Prefetched(_requested, _rows, (int)await _count);
    }

    /// <summary>
    /// Once the planner has gone over the rows, they are let go of (a 1 % night's are about 19 MB) before the run applies.
    /// </summary>
    public void Release()
    {
        _rows.Clear();
        _rows.TrimExcess();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // Nothing is left reading once the run is done with it, whatever happened to it.
        await Task.WhenAny(_reads);
        if (_count is not null) await Task.WhenAny(_count);
        // A read the run no longer asked for may have failed (or been cancelled): its exception is looked at here, not left
        // to surface as an unobserved task exception.
        _ = _reads.Exception;
        _ = _count?.Exception;
        _stop.Dispose();
    }

    private async Task ReadAfterAsync(Task before, List<int> ids)
    {
        await before;
        await Task.Run(() => SqliteRows.ReadOnOwnConnection(_connectionString, EnrollmentReads.RowsSql,
            [(int)RosterSource.Clever, SqliteRows.JsonArray(ids)], EnrollmentReads.RowWidth, _rows, _stop.Token), _stop.Token);
    }

    private long Count()
    {
        var count = new List<long>(1);
        SqliteRows.ReadOnOwnConnection(_connectionString, EnrollmentReads.ActiveCountSqlite, [_districtId, (int)RosterSource.Clever],
            1, count, _stop.Token);
        return count is [var active, ..] ? active : 0;
    }
}
