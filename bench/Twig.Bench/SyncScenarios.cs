using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Twig.Sandbox;
using Twig.Sandbox.Configuration;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Bench;

/// <summary>
/// sync-initial, sync-nochange, sync-1pct: one sandbox district synced into Twig three times through the real run
/// path (RequestSync → SyncQueue → ExecuteSyncRun), with the floors they are compared against measured in between.
/// </summary>
internal static class SyncScenarios
{
    public const int PageSize = 10_000;

    public sealed record Shape(string Prefix, int Students, int Teachers, int Schools, int Seed);

    /// <param name="cleverSide">Where the districts live; the sandbox in the bench process when null.</param>
    public static async Task<CleverDistrict> RunAsync(TwigHost host, Shape shape, string workDirectory, Results results, string? stopAfter,
        IBenchClever? cleverSide = null)
    {
        var side = cleverSide ?? new InProcessClever(host);
        Console.WriteLine($"[{shape.Prefix}] sandbox district: {shape.Students:N0} students, {shape.Teachers:N0} teachers, {shape.Schools:N0} schools (seed {shape.Seed})");
        var clever = await side.AddDistrictAsync(DistrictOptions(shape));
        var districtId = await ConnectAsync(host, clever.Id, shape);

        // Warm-up (untimed): JIT and caches on a small district through the same path, and one pass of the fetch floor. The
        // path includes a night with changes: without it, the 1 % night was the first in the process to plan changed sections
        // and write deactivations, and ran that code before the JIT had optimised it (a long-running Twig has, after its first
        // such night).
        var warm = await side.AddDistrictAsync(WarmUpOptions(shape));
        var warmId = await ConnectAsync(host, warm.Id, shape with { Prefix = shape.Prefix + "-warm", Students = 5_000 });
        await SyncAsync(host, warmId);
        await SyncAsync(host, warmId);
        await side.OvernightChangesAsync(warm);
        await SyncAsync(host, warmId);
        await FetchFloor.RunAsync(side.Address, warm.Token, PageSize);

        var fetch = await FetchFloorAsync(side.Address, clever.Token);
        results.Floor($"{shape.Prefix} (a) fetch + parse", fetch.Seconds, FetchFloor.Describe(fetch.Records, fetch.Bytes));

        var initial = await Measure.TimeAsync(() => SyncAsync(host, districtId));
        var initialRow = results.Add($"{shape.Prefix}-initial", initial.Seconds, initial.PeakMb, initial.Result.Describe());
        initialRow.CheckpointAfter(await host.FoldLogAsync());
        Memory(initialRow, initial.StartMb, initial.PeakManagedMb, side, initial.StartManagedMb);
        var writtenRows = await CountRowsAsync(host, districtId);
        Console.WriteLine($"[{shape.Prefix}] Twig now holds {writtenRows}");
        if (stopAfter == "initial") { await InsertFloorAsync(); return clever; }
        if (stopAfter == "profile") { await ProfileScenario.RunAsync(host, districtId, clever.Token, 3); return clever; }

        var nochange = await Measure.TimeAsync(() => SyncAsync(host, districtId));
        var nochangeRow = results.Add($"{shape.Prefix}-nochange", nochange.Seconds, nochange.PeakMb, nochange.Result.Describe());
        nochangeRow.CheckpointAfter(await host.FoldLogAsync());
        Memory(nochangeRow, nochange.StartMb, nochange.PeakManagedMb, side, nochange.StartManagedMb);
        var state = await IndexStateAsync(host, districtId);
        nochangeRow.Extra["state_bytes_per_record"] = Math.Round(state.BytesPerRecord, 1);
        Console.WriteLine($"[{shape.Prefix}] Twig's compact state (RosterIndex): {state.Records:N0} records, {state.Bytes / 1048576.0:F1} MB, " +
                          $"{state.BytesPerRecord:F0} bytes per record");
        nochangeRow.FloorSeconds = fetch.Seconds;
        nochangeRow.FloorText = "a";
        if (stopAfter == "nochange") { await InsertFloorAsync(); return clever; }

        var changes = await side.OvernightChangesAsync(clever);
        Console.WriteLine($"[{shape.Prefix}] overnight changes: {changes}");
        if (stopAfter == "plan-profile") { await ProfileScenario.PlanRepeatAsync(host, districtId, clever.Token, 8); return clever; }
        var before = ChangeFloor.Snapshot(host.DatabasePath, workDirectory);
        var fetchAfter = await FetchFloorAsync(side.Address, clever.Token);
        results.Floor($"{shape.Prefix} (a) fetch + parse after 1 %", fetchAfter.Seconds, FetchFloor.Describe(fetchAfter.Records, fetchAfter.Bytes));
        var onePercent = await Measure.TimeAsync(() => SyncAsync(host, districtId));
        var onePercentRow = results.Add($"{shape.Prefix}-1pct", onePercent.Seconds, onePercent.PeakMb, onePercent.Result.Describe());
        onePercentRow.CheckpointAfter(await host.FoldLogAsync());
        ChangeFloor.Report(results, shape.Prefix, ChangeFloor.Time(before, host.DatabasePath), (onePercentRow, fetchAfter.Seconds));
        Memory(onePercentRow, onePercent.StartMb, onePercent.PeakManagedMb, side, onePercent.StartManagedMb);
        onePercentRow.Extra["state_bytes_per_record"] = Math.Round(state.BytesPerRecord, 1);
        onePercentRow.FloorSeconds = fetchAfter.Seconds;
        onePercentRow.FloorText = "a";
        await InsertFloorAsync();
        return clever;

        Task InsertFloorAsync()
        {
            // The rows the initial sync wrote (what is there now is within 1 % of it).
            var d = districtId.ToString(CultureInfo.InvariantCulture);
            var (seconds, rows) = InsertFloor.Run(host.DatabasePath, workDirectory,
            [
                new("Schools", $"\"DistrictId\"={d}"),
                new("People", $"\"DistrictId\"={d}"),
                new("PersonSchools", $"\"PersonId\" IN (SELECT \"Id\" FROM src.\"People\" WHERE \"DistrictId\"={d})"),
                new("Sections", $"\"DistrictId\"={d}"),
                new("Enrollments", $"\"DistrictId\"={d}"),
            ]);
            results.Floor($"{shape.Prefix} (b) insert", seconds, $"{rows:N0} rows, one prepared INSERT per table, one transaction");
            initialRow.FloorSeconds = fetch.Seconds + seconds;
            initialRow.FloorText = "a + b";
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Where a sync's memory was: the working set it started from (after compaction) and its managed peak; with the sandbox in
    /// its own process, that process's working set too (not part of the bench process's figures).
    /// </summary>
    private static void Memory(Measurement row, double startMb, double peakManagedMb, IBenchClever side, double startManagedMb)
    {
        row.Extra["start_working_set_mb"] = Math.Round(startMb, 1);
        row.Extra["start_managed_mb"] = Math.Round(startManagedMb, 1);
        row.Extra["peak_managed_mb"] = Math.Round(peakManagedMb, 1);
        if (side is SandboxProcess sandbox) row.Extra["sandbox_process_working_set_mb"] = Math.Round(sandbox.WorkingSetMb, 1);
        Console.WriteLine($"[{row.Scenario}] working set at start {startMb:F0} MB (managed {startManagedMb:F0} MB), peak {row.PeakMb:F0} MB, managed peak {peakManagedMb:F0} MB");
    }

    /// <summary>
    /// The managed bytes Twig's compact copy of the district (<see cref="RosterIndex"/>: per Clever id the Twig id, hashes and
    /// flags) retains, per record: what a nightly sync must hold however large the district, measured by loading it alone.
    /// </summary>
    private static async Task<(int Records, long Bytes, double BytesPerRecord)> IndexStateAsync(TwigHost host, int districtId)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = await host.ScopeAsync(sp => RosterIndex.LoadAsync(sp.GetRequiredService<TwigDb>(), districtId, CancellationToken.None));
        var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        var records = index.People.Count + index.Sections.Count + index.Schools.Count;
        GC.KeepAlive(index);
        return (records, bytes, bytes / (double)Math.Max(1, records));
    }

    /// <summary>Floor (a), best of two timed passes after an untimed one (the sandbox builds its per-district indexes on first use).</summary>
    internal static Task<(long Records, long Bytes, double Seconds)> FetchFloorAsync(TwigHost host, string token) =>
        FetchFloorAsync(host.Address, token);

    /// <summary>Floor (a) against the sandbox at <paramref name="clever"/>.</summary>
    internal static async Task<(long Records, long Bytes, double Seconds)> FetchFloorAsync(Uri clever, string token)
    {
        await FetchFloor.RunAsync(clever, token, PageSize);
        var best = double.MaxValue;
        (long Records, long Bytes) result = default;
        for (var i = 0; i < 2; i++)
        {
            var pass = await Measure.TimeAsync(() => FetchFloor.RunAsync(clever, token, PageSize));
            best = Math.Min(best, pass.Seconds);
            result = pass.Result;
        }
        return (result.Records, result.Bytes, best);
    }

    /// <summary>About 1 % adds, updates and removals across the types the sandbox can change.</summary>
    internal static string OvernightChanges(SandboxDistrict clever)
    {
        var c = clever.Changes;
        var students = c.AddStudents(1);
        var teachers = c.AddTeachers(1);
        var renamedStudents = c.UpdateNames("student", 0.5);
        var emailStudents = c.UpdateEmails("student", 0.5);
        var renamedTeachers = c.UpdateNames("teacher", 1);
        var moved = c.MoveStudents(Math.Max(1, clever.Options.Students / 100));
        var removedStudents = c.RemovePercent("student", 1);
        var removedTeachers = c.RemovePercent("teacher", 1);
        var removedStaff = c.RemovePercent("staff", 1);
        var removedSections = c.RemovePercent("section", 1);
        return $"+{students:N0} students, +{teachers:N0} teachers, {renamedStudents:N0} students renamed, {emailStudents:N0} new student e-mails, " +
               $"{renamedTeachers:N0} teachers renamed, {moved:N0} students moved school, −{removedStudents:N0} students, −{removedTeachers:N0} teachers, " +
               $"−{removedStaff:N0} staff, −{removedSections:N0} sections";
    }

    /// <summary>The district a scenario syncs (Clever ids follow the seed).</summary>
    public static SandboxDistrictOptions DistrictOptions(Shape shape) => new()
    {
        Name = $"Bench {shape.Prefix}", Seed = shape.Seed, Students = shape.Students, Teachers = shape.Teachers, Schools = shape.Schools,
    };

    public static SandboxDistrictOptions WarmUpOptions(Shape shape) => new() { Name = $"Warm-up {shape.Prefix}", Seed = shape.Seed + 10_000, Students = 5_000 };

    internal static async Task<int> ConnectAsync(TwigHost host, string cleverId, Shape shape)
    {
        var slug = $"bench-{shape.Prefix}-{shape.Seed}";
        var districtId = await host.ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TwigDb>();
            var district = new District
            {
                Name = $"Bench {shape.Prefix}", Slug = slug, CreatedAt = DateTime.UtcNow,
                Subscription = new Subscription
                {
                    Status = SubscriptionStatus.Active, LicensedStudentSeats = shape.Students * 2,
                    StartsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1),
                },
            };
            db.Districts.Add(district);
            await db.SaveChangesAsync();
            return district.Id;
        });
        await host.SendAsync(new DiscoverConnections.Command());
        var connectionId = await host.ScopeAsync(sp => sp.GetRequiredService<TwigDb>().CleverConnections
            .Where(c => c.CleverDistrictId == cleverId).Select(c => c.Id).SingleAsync());
        await host.SendAsync(new ApproveConnection.Command { ConnectionId = connectionId, DistrictSlug = slug, ConfirmedSlug = slug });
        return districtId;
    }

    public sealed record RunOutcome(SyncRunStatus Status, string? Message, IReadOnlyList<SyncRunCount> Counts)
    {
        public string Phases { get; init; } = "";

        public string Describe()
        {
            string C(RosterEntityType t)
            {
                var c = Counts.SingleOrDefault(x => x.EntityType == t);
                return c is null ? "?" : $"+{c.Created:N0}/~{c.Updated:N0}/−{c.Deactivated:N0}/={c.Unchanged:N0}";
            }
            return $"{Status}; {Phases}; schools {C(RosterEntityType.School)}, people {C(RosterEntityType.Person)}, sections {C(RosterEntityType.Section)}, enrollments {C(RosterEntityType.Enrollment)}";
        }
    }

    public static async Task<RunOutcome> SyncAsync(TwigHost host, int districtId)
    {
        var request = await host.SendAsync(new RequestSync.Command(districtId, SyncTrigger.Nightly));
        if (request.RunId is not { } runId) throw new InvalidOperationException($"No run queued: {request.Refusal}");
        // Phase times from the run's own progress events (fetch, plan, apply).
        var board = host.Services.GetRequiredService<SyncProgressBoard>();
        var timer = System.Diagnostics.Stopwatch.StartNew();
        var phases = new List<(string Phase, double At)>();
        void OnChanged(int id, SyncProgressBoard.Snapshot snapshot)
        {
            if (id != runId) return;
            var name = snapshot.Phase.ToString().StartsWith("Fetching", StringComparison.Ordinal) ? "fetch" : snapshot.Phase.ToString().ToLowerInvariant();
            lock (phases)
                if (phases.Count == 0 || phases[^1].Phase != name) phases.Add((name, timer.Elapsed.TotalSeconds));
        }
        board.Changed += OnChanged;
        await host.ScopeAsync(async sp =>
        {
            var queue = sp.GetRequiredService<SyncQueue>();
            while (await queue.ProcessNextAsync("bench", CancellationToken.None, districtId) is not null)
            {
            }
            return 0;
        });
        board.Changed -= OnChanged;
        phases.Add(("end", timer.Elapsed.TotalSeconds));
        var phaseText = string.Join(" ", phases.Zip(phases.Skip(1), (a, b) => $"{a.Phase} {b.At - a.At:F1}s"));
        var outcome = await host.ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TwigDb>();
            var run = await db.SyncRuns.AsNoTracking().Include(r => r.Counts).SingleAsync(r => r.Id == runId);
            var issues = await db.SyncIssues.CountAsync(i => i.SyncRunId == runId);
            var sample = await db.SyncIssues.Where(i => i.SyncRunId == runId).Select(i => i.Message).FirstOrDefaultAsync();
            if (issues > 0) Console.WriteLine($"    run {runId}: {issues:N0} warning(s), e.g. {sample}");
            return new RunOutcome(run.Status, run.Message, run.Counts.ToList()) { Phases = phaseText };
        });
        if (outcome.Status is not (SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings))
            throw new InvalidOperationException($"Run {runId} ended {outcome.Status}: {outcome.Message}");
        return outcome;
    }

    private static Task<string> CountRowsAsync(TwigHost host, int districtId) => host.ScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<TwigDb>();
        var schools = await db.Schools.CountAsync(s => s.DistrictId == districtId);
        var people = await db.People.CountAsync(p => p.DistrictId == districtId);
        var students = await db.People.CountAsync(p => p.DistrictId == districtId && (p.Roles & PersonRoles.Student) != 0);
        var teachers = await db.People.CountAsync(p => p.DistrictId == districtId && (p.Roles & PersonRoles.Teacher) != 0);
        var sections = await db.Sections.CountAsync(s => s.DistrictId == districtId);
        var enrollments = await db.Enrollments.CountAsync(e => e.DistrictId == districtId);
        return $"{schools:N0} schools, {people:N0} people ({students:N0} students, {teachers:N0} teachers), {sections:N0} sections, {enrollments:N0} enrollments";
    });
}
