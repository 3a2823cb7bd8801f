using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// The Clever sync's apply on the production SQL Server configuration: one transaction that holds the district before
/// anything else, writes the roster, stores the event bookmark and records the run's outcome.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class SyncApplyDryRunTests(SqlServerDryRun dryRun)
{
    [Fact]
    public async Task A_sync_applies_its_roster_bookmark_and_outcome_in_one_transaction_that_holds_the_district_first()
    {
        var server = dryRun.Reset();
        var run = new SyncRun
        {
            Id = 41, DistrictId = 7, Trigger = SyncTrigger.Nightly, RequestedBy = "schedule", RequestedAt = DateTime.UtcNow.AddMinutes(-5),
            Status = SyncRunStatus.Running, Phase = SyncPhase.Applying, Mode = SyncMode.Events,
        };
        server.AnswerEntities("SELECT TOP(2) [s].[Id]", [run]);
        AnswerDistrict(server, RosterSource.Clever, seats: 100);
        var plan = new SyncPlan();
        var person = new PersonRecord("p-1") { FirstName = "Ada", LastName = "Lovelace", Roles = PersonRoles.Student, Grade = "4" };
        plan.PeopleToCreate.Add(person);
        plan.Deactivations[RosterEntityType.Person].Add(300);
        var source = new RunSource(SyncMode.Events, null) { StoresBookmark = true, Bookmark = "65a1f0c2e4b0a1b2c3d4e5f6" };

        var status = await dryRun.InScopeAsync(services => services.GetRequiredService<SyncApply>()
            .ApplyAsync(run, plan, source, new SyncProgressBoard().Track(run.Id), CancellationToken.None));

        dryRun.AssertClean();
        Assert.Equal(SyncRunStatus.Succeeded, status);
        Assert.Equal(1, server.AssertDistrictHeldFirst(7, "People", "Districts", "SyncRuns"));
        // Background work waits longer for the district than a page does (an import's confirmation may take minutes).
        Assert.Equal(600, server.Commands.First(c => c.Text.Contains("WITH (UPDLOCK", StringComparison.Ordinal)).Timeout);
        var applying = server.Commands.Where(c => c.TransactionNumber > 0).GroupBy(c => c.TransactionNumber).Single().ToList();
        Assert.Contains(applying, c => c.Text.StartsWith("INSERT INTO [People]", StringComparison.Ordinal));
        Assert.Contains(applying, c => c.Text.Contains("SET [d].[CleverLastEventId] = @p", StringComparison.Ordinal)
            && c.Parameters.Any(p => Equals(p.Value, "65a1f0c2e4b0a1b2c3d4e5f6")));
        Assert.Contains(applying, c => c.Text.Contains("UPDATE [SyncRuns]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(RosterSource.OneRoster, 100, SyncRunStatus.Skipped, "sources never mix")]
    [InlineData(RosterSource.Clever, 0, SyncRunStatus.BlockedByLicense, "Blocked by the licence")]
    public async Task A_source_or_seat_change_committed_while_the_run_read_Clever_is_seen_under_the_lock(RosterSource source, int seats,
        SyncRunStatus expected, string message)
    {
        var server = dryRun.Reset();
        var run = new SyncRun
        {
            Id = 42, DistrictId = 7, Trigger = SyncTrigger.Nightly, RequestedBy = "schedule", RequestedAt = DateTime.UtcNow.AddMinutes(-5),
            Status = SyncRunStatus.Running, Phase = SyncPhase.Applying, Mode = SyncMode.Full,
        };
        server.AnswerEntities("SELECT TOP(2) [s].[Id]", [run]);
        AnswerDistrict(server, source, seats);
        var plan = new SyncPlan();
        plan.PeopleToCreate.Add(new PersonRecord("p-1") { FirstName = "Ada", LastName = "Lovelace", Roles = PersonRoles.Student, Grade = "4" });
        plan.CleverStudentsAfter = 1;

        var status = await dryRun.InScopeAsync(services => services.GetRequiredService<SyncApply>()
            .ApplyAsync(run, plan, new RunSource(SyncMode.Full, null), new SyncProgressBoard().Track(run.Id), CancellationToken.None));

        dryRun.AssertClean();
        Assert.Equal(expected, status);
        Assert.Equal(1, server.AssertDistrictHeldFirst(7, "SyncRuns"));
        Assert.DoesNotContain(server.Commands, c => c.Text.Contains("INSERT INTO [People]", StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.Text.Contains("UPDATE [SyncRuns]", StringComparison.Ordinal)
            && c.Parameters.Any(p => p.Value is string text && text.Contains(message, StringComparison.Ordinal)));
    }

    /// <summary>The district as the apply reads it under its lock: its source, and its subscription's seats.</summary>
    private static void AnswerDistrict(DryRunServer server, RosterSource source, int seats)
    {
        server.AnswerEntities("LEFT JOIN [CleverConnections]", [
            new District { Id = 7, Name = "Maple", Slug = "maple", RosterSource = source },
            new CleverConnection { Id = 3, DistrictId = 7, CleverDistrictId = "c-7", CleverDistrictName = "Maple", State = CleverConnectionState.Connected },
        ]);
        server.Answer("SELECT TOP(2) [d].[RetiringRosterSource]", (_, columns) => new ResultSet(columns, [[null]]));
        server.AnswerEntities("FROM [Subscriptions] AS [s]", [new Subscription { Id = 4, DistrictId = 7, Status = SubscriptionStatus.Active,
            LicensedStudentSeats = seats, StartsOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)) }]);
    }
}
