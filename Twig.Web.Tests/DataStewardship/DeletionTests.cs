using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.DataStewardship;
using Twig.Web.Features.Login;
using Twig.Web.Features.Notifications;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Web.Times;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.Login;
using Twig.Web.Tests.UsersCsvImport;

namespace Twig.Web.Tests.DataStewardship;

public sealed class DeletionTests(SliceFixture fixture) : SliceTest(fixture)
{
    /// <summary>What a deletion keeps on purpose: the district row, its contract, its (token-less) connection, the closed owner account, the audit log and the certificate.</summary>
    private static readonly HashSet<Type> Kept =
        [typeof(Subscription), typeof(CleverConnection), typeof(TwigUser), typeof(AuditEvent), typeof(DistrictDeletion)];

    /// <summary>The tables this test fills for the deleted district, so "zero afterwards" is proven on rows that were there.</summary>
    private static readonly string[] Seeded =
        ["Schools", "People", "PersonSchools", "Sections", "Enrollments", "SyncRuns", "SyncRunCounts", "SyncIssues", "HeldDeactivations",
         "CsvImports", "CsvImportIssues", "CsvImportFiles", "Notifications", "LicenceAlerts", "DistrictExports", "DistrictExportFiles"];

    private async Task<int> RunCliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLineRunner.RunAsync(Fixture.Services, args, output, error, CancellationToken.None);
        LastOutput = output + error.ToString();
        return code;
    }

    private string LastOutput { get; set; } = "";

    [Fact]
    public async Task Deleting_a_20000_student_district_leaves_none_of_its_rows_in_any_table_and_the_other_district_untouched()
    {
        var doomed = await Fixture.InsertDistrictAsync("doomed", seats: 30_000);
        var other = await Fixture.InsertDistrictAsync("other", seats: 1_000);
        await Fixture.SeedRosterAsync(doomed.Id, 20_000, "doomed");
        await Fixture.SeedRosterAsync(other.Id, 300, "other");
        await Fixture.SeedHistoryAsync(doomed.Id, "doomed");
        await Fixture.SeedHistoryAsync(other.Id, "other");
        var ownerEmail = await Fixture.CreateAsync(TwigRoles.DistrictOwner, doomed.Id);
        await Fixture.InsertAsync(new CleverConnection
        {
            CleverDistrictId = "clever-doomed", CleverDistrictName = "Doomed", State = CleverConnectionState.Connected, ProtectedToken = "protected-token",
            DistrictId = doomed.Id, FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow,
        });

        var before = await Fixture.DistrictRowsAsync(doomed.Id, Kept);
        var otherBefore = await Fixture.DistrictRowsAsync(other.Id, Kept);
        Assert.All(Seeded, table => Assert.True(before.GetValueOrDefault(table) > 0, $"the test did not fill {table}"));
        Assert.Equal(20_000 + 800, before["People"]);

        Assert.Equal(0, await RunCliAsync("delete-district", "doomed", "--confirm", "doomed"));
        // Keyed batches: no statement touched more than 4,000 rows (under SQL Server's 5,000-lock escalation point).
        Assert.Contains("the largest touching 4000 rows", LastOutput);

        var after = await Fixture.DistrictRowsAsync(doomed.Id, Kept);
        Assert.All(after, pair => Assert.True(pair.Value == 0, $"{pair.Key} still holds {pair.Value} row(s) of the deleted district"));
        Assert.Equal(otherBefore, await Fixture.DistrictRowsAsync(other.Id, Kept));

        await Fixture.ExecuteDbContextAsync(async db =>
        {
            var district = await db.Districts.Include(d => d.CleverConnection).SingleAsync(d => d.Id == doomed.Id);
            Assert.NotNull(district.DeletedAt);
            Assert.Null(district.CleverConnection!.ProtectedToken);
            Assert.Equal(CleverConnectionState.Disconnected, district.CleverConnection.State);
            var owner = await db.Users.SingleAsync(u => u.Email == ownerEmail);
            Assert.Null(owner.PasswordHash);
            Assert.Equal(DateTimeOffset.MaxValue, owner.LockoutEnd);

            var deletion = await db.DistrictDeletions.SingleAsync(d => d.DistrictId == doomed.Id);
            Assert.Equal(DistrictDeletionStatus.Completed, deletion.Status);
            Assert.Equal("feeddoomed", deletion.ExportSha256);
            var counts = CertificateCounts.Parse(deletion.CountsJson);
            Assert.Equal(20_800, counts["People"]);
            Assert.Equal(20_800, counts["Enrollments"]);
            Assert.Equal(5, counts["Schools"]);
            // The notice that the deletion was scheduled went with the district's other notices.
            foreach (var table in Seeded) Assert.Equal(before[table] + (table == "Notifications" ? 1 : 0), counts[table]);

            var certificate = await db.Notifications.SingleAsync(n => n.Kind == NotificationKind.DistrictDataDeleted);
            Assert.Equal(ownerEmail, certificate.RecipientEmail);
            Assert.Null(certificate.DistrictId);
            Assert.Contains("People: 20,800 rows deleted", certificate.TextBody);
            Assert.DoesNotContain("Stu1", certificate.TextBody);
            Assert.Contains(await db.AuditEvents.Where(a => a.DistrictId == doomed.Id).Select(a => a.Action).ToListAsync(), a => a == "district.data-deleted");
        });

        // Signing in as the closed owner fails.
        using var session = Fixture.CreateSession();
        var refused = await session.SubmitFormAsync("/login", new Dictionary<string, string> { ["Data.Email"] = ownerEmail, ["Data.Password"] = Accounts.Password });
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
    }

    [Fact]
    public async Task A_deleted_districts_clever_sign_in_and_sync_are_refused_even_if_its_connection_and_people_came_back()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 20);
        await Fixture.SyncAsync(district.Id);
        var student = clever.Roster.AnyStudent();
        using (var before = Fixture.CreateSession())
            Assert.Equal("/classes", (await before.SignInWithCleverAsync(clever.Id, student.Id)).Page.PathOf());

        Assert.Equal(0, await RunCliAsync("delete-district", district.Slug, "--confirm", district.Slug));

        // Someone re-approves the connection with a fresh token and the student's row reappears: the district stays shut.
        var protector = Fixture.Services.GetRequiredService<CleverTokenProtector>();
        await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CleverConnectionState.Connected).SetProperty(c => c.ProtectedToken, protector.Protect("fresh"))));
        await Fixture.InsertAsync(new Person
        {
            DistrictId = district.Id, Source = RosterSource.Clever, ExternalId = student.Id, FirstName = "Back", LastName = "Again", Roles = PersonRoles.Student,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });

        var signIn = await Fixture.SendAsync(new CleverSignIn.Command(student.Id, clever.Id, ["student"]));
        Assert.Null(signIn.Principal);
        Assert.Equal(SignInRefusal.DistrictNotConnected, signIn.Refusal);
        using (var after = Fixture.CreateSession())
            Assert.StartsWith("/login/refused/", (await after.SignInWithCleverAsync(clever.Id, student.Id)).Page.PathOf());

        var sync = await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.OnDemand));
        Assert.Null(sync.RunId);
        Assert.Contains("deleted", sync.Refusal);
        var nightly = await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.Nightly));
        Assert.Null(nightly.RunId);

        // A run queued behind the deletion's back does not sync either.
        await Fixture.InsertAsync(new SyncRun { DistrictId = district.Id, Trigger = SyncTrigger.Nightly, RequestedBy = "test", RequestedAt = DateTime.UtcNow });
        await Fixture.ProcessQueueAsync(district.Id);
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id)));
        Assert.Equal(SyncRunStatus.Failed, await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.DistrictId == district.Id && r.RequestedBy == "test").Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_deleted_district_still_listed_by_clever_gets_no_token_back_and_needs_no_attention()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 20);
        await Fixture.SyncAsync(district.Id);
        Assert.Equal(0, await RunCliAsync("delete-district", district.Slug, "--confirm", district.Slug));

        // The district has not removed Twig in Clever yet: every discovery still finds its token.
        await Fixture.SendAsync(new DiscoverConnections.Command());
        Fixture.Sandbox().RotateToken(clever.Id);
        await Fixture.SendAsync(new DiscoverConnections.Command());
        Assert.Equal(CheckConnection.Outcome.NothingToCheck, (await Fixture.SendAsync(new CheckConnection.Command(district.Id, Audited: true))).Outcome);

        var connection = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.AsNoTracking().SingleAsync(c => c.DistrictId == district.Id));
        Assert.Equal((CleverConnectionState.Disconnected, (string?)null), (connection.State, connection.ProtectedToken));
        Assert.Equal("The district's data was deleted at the end of its contract.", connection.StateReason);
        var attention = await Fixture.ExecuteDbContextAsync(db => SupportDigest.NeedingAttentionAsync(db, new SyncFreshness(), DateTime.UtcNow, default));
        Assert.DoesNotContain(attention, a => a.DistrictId == district.Id);
    }

    [Fact]
    public async Task A_re_check_that_finds_the_district_deleted_while_clever_answered_stores_no_token()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 5);
        var before = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.AsNoTracking().SingleAsync(c => c.DistrictId == district.Id));
        Fixture.Sandbox().RotateToken(clever.Id);
        // The deletion commits on another instance after the re-check's first look and before it decides.
        Fixture.Services.GetRequiredService<CommandInterleave>().Arm(
            command => command.Transaction is not null && command.CommandText.Contains("FROM \"CleverConnections\"", StringComparison.Ordinal),
            $"UPDATE \"Districts\" SET \"DeletedAt\" = '2026-12-01 08:00:00' WHERE \"Id\" = {district.Id}");

        var outcome = await Fixture.SendAsync(new CheckConnection.Command(district.Id, Audited: true));

        Assert.Equal(CheckConnection.Outcome.NothingToCheck, outcome.Outcome);
        var after = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.AsNoTracking().SingleAsync(c => c.DistrictId == district.Id));
        Assert.Equal((before.State, before.ProtectedToken, before.LastCheckedAt), (after.State, after.ProtectedToken, after.LastCheckedAt));
    }

    [Fact]
    public async Task An_upload_to_a_district_being_deleted_leaves_no_import_behind()
    {
        var district = await Fixture.InsertDistrictAsync("deleting");
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DeletedAt, DateTime.UtcNow)));

        Assert.Null(await Fixture.UploadAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid1"))));

        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.CsvImports.CountAsync(i => i.DistrictId == district.Id)));
    }

    [Fact]
    public async Task A_scheduled_deletion_waits_for_its_grace_period_can_be_cancelled_and_runs_from_the_job_once_due()
    {
        var district = await Fixture.InsertDistrictAsync("leaving");
        await Fixture.SeedRosterAsync(district.Id, 50, "leaving");
        var ownerEmail = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);

        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.TimeZoneId, "America/Chicago")));

        var first = await Fixture.SendAsync(new ScheduleDeletion.Command(district.Id, "leaving"));
        Assert.InRange(first.DueAt, DateTime.UtcNow.AddDays(29.9), DateTime.UtcNow.AddDays(30.1));
        var told = await Fixture.ExecuteDbContextAsync(db => db.Notifications.SingleAsync(n => n.Kind == NotificationKind.DistrictDeletionScheduled));
        Assert.Equal(ownerEmail, told.RecipientEmail);
        Assert.Contains("/district/data", told.TextBody);
        // The owner reads the date in the district's zone, with the UTC instant support would quote.
        var chicago = DisplayTime.ZoneOrDefault("America/Chicago");
        Assert.Contains($"Deletion due: {DisplayTime.Format(first.DueAt, chicago)} ({DisplayTime.Utc(first.DueAt)})", told.TextBody);
        Assert.Contains(DisplayTime.Format(first.DueAt, chicago, TimePart.Date), told.Subject);

        Assert.Equal(new DeletionJob.Result(0, 0), await Fixture.SendAsync(new DeletionJob.Command()));
        Assert.True(await Fixture.SendAsync(new CancelDeletion.Command(district.Id)));
        await Fixture.ExecuteDbContextAsync(db => db.DistrictDeletions.Where(d => d.Id == first.DeletionId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAt, DateTime.UtcNow.AddDays(-1))));
        Assert.Equal(new DeletionJob.Result(0, 0), await Fixture.SendAsync(new DeletionJob.Command()));
        Assert.Equal(52, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id)));

        var second = await Fixture.SendAsync(new ScheduleDeletion.Command(district.Id, "leaving"));
        Assert.NotEqual(first.DeletionId, second.DeletionId);
        // The grace period passes.
        await Fixture.ExecuteDbContextAsync(db => db.DistrictDeletions.Where(d => d.Id == second.DeletionId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAt, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(new DeletionJob.Result(1, 0), await Fixture.SendAsync(new DeletionJob.Command()));
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id)));
        var actions = await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.Where(a => a.DistrictId == district.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["district.deletion-scheduled", "district.deletion-cancelled", "district.deletion-scheduled", "district.deletion-started", "district.data-deleted"], actions);
    }

    [Fact]
    public async Task A_deletion_another_instance_holds_waits_for_its_claim_to_lapse_and_is_certified_once()
    {
        var district = await Fixture.InsertDistrictAsync("claimed");
        await Fixture.SeedRosterAsync(district.Id, 20, "claimed");
        var people = await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id));
        var scheduled = await Fixture.SendAsync(new ScheduleDeletion.Command(district.Id, "claimed"));
        // Another instance began it a moment ago (every instance runs the hourly job at the same minute).
        await Fixture.ExecuteDbContextAsync(db => db.DistrictDeletions.Where(d => d.Id == scheduled.DeletionId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAt, DateTime.UtcNow.AddMinutes(-1))
                .SetProperty(d => d.Status, DistrictDeletionStatus.Running).SetProperty(d => d.ClaimedUntil, DateTime.UtcNow.AddMinutes(90))));

        Assert.Equal(new DeletionJob.Result(0, 1), await Fixture.SendAsync(new DeletionJob.Command()));
        Assert.Equal(people, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id)));

        // That instance stopped half-way: once its claim lapses, the next job resumes and certifies the deletion.
        await Fixture.ExecuteDbContextAsync(db => db.DistrictDeletions.Where(d => d.Id == scheduled.DeletionId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntil, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(new DeletionJob.Result(1, 0), await Fixture.SendAsync(new DeletionJob.Command()));
        var done = await Fixture.ExecuteDbContextAsync(db => db.DistrictDeletions.SingleAsync(d => d.Id == scheduled.DeletionId));
        Assert.Equal((DistrictDeletionStatus.Completed, (DateTime?)null), (done.Status, done.ClaimedUntil));
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id)));

        // A late second finish (the other instance coming back) certifies nothing again.
        await Fixture.SendAsync(new DeleteDistrictData.Finish(scheduled.DeletionId));
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.CountAsync(a => a.DistrictId == district.Id && a.Action == "district.data-deleted")));
    }

    [Fact]
    public async Task The_delete_district_command_refuses_a_wrong_confirmation_an_unknown_or_deleted_district_and_bad_usage()
    {
        var district = await Fixture.InsertDistrictAsync("keep-me");
        await Fixture.SeedRosterAsync(district.Id, 25, "keep");

        Assert.Equal(1, await RunCliAsync("delete-district", "keep-me", "--confirm", "keep-mee"));
        Assert.Contains("does not repeat the slug", LastOutput);
        // Typed exactly, as on the web page: a confirmation that differs only in case is refused and says so.
        Assert.Equal(1, await RunCliAsync("delete-district", "keep-me", "--confirm", "Keep-Me"));
        Assert.Contains("--confirm 'Keep-Me' differs from the slug 'keep-me' in upper and lower case; type it exactly: keep-me.", LastOutput);
        Assert.Contains("Nothing was deleted.", LastOutput);
        Assert.Equal(1, await RunCliAsync("delete-district", "nobody", "--confirm", "nobody"));
        Assert.Equal(2, await RunCliAsync("delete-district", "keep-me"));
        Assert.Equal(2, await RunCliAsync("delete-district", "--confirm", "keep-me"));
        Assert.Equal(26, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id)));

        Assert.Equal(0, await RunCliAsync("delete-district", "keep-me", "--confirm", "keep-me"));
        Assert.Contains("People: 26", LastOutput);
        Assert.Equal(1, await RunCliAsync("delete-district", "keep-me", "--confirm", "keep-me"));
        Assert.Contains("already deleted", LastOutput);
    }
}
