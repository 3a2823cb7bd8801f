using System.Text;
using Mediator;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.UsersCsvImport;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// Whole commands sent through the app's mediator pipeline (validation, the transaction behaviour, the execution strategy)
/// on the production SQL Server configuration: the reads they need are scripted, everything they write is checked.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class EndToEndDryRunTests(SqlServerDryRun dryRun)
{
    private static readonly DateTime Yesterday = DateTime.UtcNow.AddDays(-1);

    [Fact]
    public async Task Approving_a_held_run_records_the_decision_and_queues_the_follow_up()
    {
        var server = dryRun.Reset();
        server.AnswerEntities("SELECT TOP(2) [s].[Id]", [new SyncRun
        {
            Id = 90, DistrictId = 1, Trigger = SyncTrigger.Initial, RequestedBy = "connection approval", RequestedAt = Yesterday,
            Status = SyncRunStatus.HeldForReview, Phase = SyncPhase.Done, Message = "Held for review.",
        }]);
        server.AnswerEntities("FROM [Districts] AS [d]", [
            new District { Id = 1, Name = "Maple", Slug = "maple" },
            new CleverConnection { Id = 3, DistrictId = 1, CleverDistrictId = "c-1", CleverDistrictName = "Maple", State = CleverConnectionState.Connected },
        ]);

        var result = await dryRun.InScopeAsync(services =>
            services.GetRequiredService<IMediator>().Send(new ReviewHeldRun.Command(1, 90, Approve: true)).AsTask());

        dryRun.AssertClean();
        Assert.True(result.Done, result.Message);
        Assert.NotNull(result.FollowUpRunId);
        Assert.Contains(server.Commands, c => c.Text.Contains("INSERT INTO [SyncRuns]", StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.Text.Contains("INSERT INTO [AuditEvents]", StringComparison.Ordinal));
        Assert.All(server.Commands.Where(c => !c.Text.StartsWith("SELECT", StringComparison.Ordinal) && !c.Text.Contains("SELECT CASE", StringComparison.Ordinal)),
            c => Assert.True(c.InTransaction, c.Text));
    }

    [Fact]
    public async Task Searching_people_and_classes_compares_ids_upper_cased_past_their_binary_collation()
    {
        var server = dryRun.Reset();
        server.AnswerValues("[d].[Name]", "Maple");

        await dryRun.InScopeAsync(async services =>
        {
            var mediator = services.GetRequiredService<IMediator>();
            await mediator.Send(new Features.DistrictAdmin.DistrictPeople.Query(1, "s0002", "name", 1));
            return await mediator.Send(new Features.DistrictAdmin.DistrictClasses.Query(1, "sci-3a", "name", 1));
        });

        dryRun.AssertClean();
        foreach (var table in new[] { "[People]", "[Sections]" })
        {
            var search = server.Commands.First(c => c.Text.Contains($"FROM {table}", StringComparison.Ordinal)
                && c.Text.Contains(" LIKE ", StringComparison.Ordinal));
            Assert.Matches(@"UPPER\(\[\w\]\.\[ExternalId\]\) LIKE", search.Text);
            Assert.Contains(search.Parameters, p => p.Value is string v && v.Contains("S0002", StringComparison.Ordinal) || p.Value is "%SCI-3A%");
        }
    }

    [Fact]
    public async Task Changing_a_districts_roster_source_or_its_seats_holds_the_district_first()
    {
        var server = dryRun.Reset();
        server.AnswerEntities("LEFT JOIN [CleverConnections]", [
            new District { Id = 1, Name = "Maple", Slug = "maple", RosterSource = RosterSource.Csv },
            new CleverConnection { Id = 3, DistrictId = 1, CleverDistrictId = "c-1", CleverDistrictName = "Maple", State = CleverConnectionState.Connected },
        ]);
        server.AnswerValues("FROM [Districts] AS [d]", true); // the validator's "is there such a district"
        server.AnswerEntities("FROM [Subscriptions] AS [s]", [new Subscription { Id = 4, DistrictId = 1, Status = SubscriptionStatus.Active,
            LicensedStudentSeats = 100, StartsOn = DateOnly.FromDateTime(Yesterday) }]);

        await dryRun.InScopeAsync(async services =>
        {
            var mediator = services.GetRequiredService<IMediator>();
            await mediator.Send(new Features.DistrictAdmin.ChangeRosterSource.Command(1, RosterSource.OneRoster));
            return await mediator.Send(new Features.LicenseCheck.EditSubscription.Command { DistrictId = 1, Status = SubscriptionStatus.Active, Seats = 80, StartsOn = DateOnly.FromDateTime(Yesterday) });
        });

        dryRun.AssertClean();
        Assert.Equal(2, server.AssertDistrictHeldFirst(1, "Districts", "Subscriptions"));
    }

    [Fact]
    public async Task Uploading_and_confirming_a_users_csv_runs_under_the_retrying_strategy()
    {
        var server = dryRun.Reset();
        var csv = new StringBuilder("user_id,first_name,last_name,username,password,role,email,school_names\r\n");
        for (var i = 0; i < 300; i++) csv.Append($"S{i:000000},Ada,Lovelace,ada{i},,student,ada{i}@example.org,North\r\n");
        csv.Append("T000001,Grace,Hopper,ghopper,Secret-pass-1,teacher,grace@example.org,North\r\n");
        var content = Encoding.UTF8.GetBytes(csv.ToString());
        server.AnswerValues("[d].[DeactivationThresholdPercent]", 10);
        server.AnswerEntities("[s].[LicensedStudentSeats]", [new Subscription { Status = SubscriptionStatus.Active, LicensedStudentSeats = 1000 }]);
        server.AnswerEntities("[d].[RosterSource], [c].[Id]", [new District { Id = 1, RosterSource = RosterSource.Csv }, new CleverConnection()]);

        var uploaded = await dryRun.InScopeAsync(services =>
            services.GetRequiredService<IMediator>().Send(new Upload.Command(1, "users.csv", content)).AsTask());

        Assert.NotNull(uploaded);
        Assert.Equal(CsvImportStatus.Previewed, uploaded.Status);
        Assert.Contains(server.Commands, c => c.Text.Contains("INSERT INTO [CsvImportFiles]", StringComparison.Ordinal));

        server.AnswerEntities("FROM [CsvImports] AS [c]", [new CsvImport
        {
            Id = uploaded.ImportId, DistrictId = 1, UploadedBy = "owner", UploadedAt = Yesterday, FileName = "users.csv", SizeBytes = content.Length,
            Sha256 = new string('0', 64), RowCount = 301, Status = CsvImportStatus.Previewed, ExpiresAt = DateTime.UtcNow.AddHours(1),
        }]);
        // The stored preview is encrypted at rest: answer with what the app itself would have stored.
        var stored = await dryRun.InScopeAsync(services => Task.FromResult(services.GetRequiredService<PreviewFileProtector>().Protect(content)));
        server.AnswerEntities("[c].[Content]", [new CsvImportFile { CsvImportId = uploaded.ImportId, Content = stored }]);
        var confirmed = await dryRun.InScopeAsync(services =>
            services.GetRequiredService<IMediator>().Send(new Review.Command(1, uploaded.ImportId, null)).AsTask());

        dryRun.AssertClean();
        Assert.NotNull(confirmed);
        Assert.True(confirmed.Outcome == Review.ApplyOutcome.Applied, confirmed.Message);
        Assert.Equal(301, confirmed.Counts!.Created);
        // The upload's record and the confirmation's writes each hold the district first (one pending preview, the licence).
        Assert.Equal(2, server.AssertDistrictHeldFirst(1, "CsvImports", "People"));
        // The compact read of the district's CSV people (ids, row hashes, flags) is a raw statement: it ran and parsed as T-SQL.
        Assert.Contains(server.Commands, c => c.Text.Contains("\"CsvRowHash\"", StringComparison.Ordinal)
            && c.Text.Contains("FROM \"People\"", StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.Text.StartsWith("INSERT INTO [People]", StringComparison.Ordinal) && c.Prepared);
    }
}
