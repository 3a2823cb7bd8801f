using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Features.DataStewardship;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Notifications;

/// <summary>
/// Each domain event a slice publishes reaches its notice through the real mediator, and the notice is written into the
/// publisher's own unsaved <see cref="TwigDb"/>: it commits with the event, or not at all.
/// </summary>
public sealed class DomainEventNoticeTests(SliceFixture fixture) : SliceTest(fixture)
{
    /// <summary>
    /// Publishes in one scope the way a handler does, checks the listener only added rows to that scope's unsaved changes,
    /// then saves them as the publisher's commit would.
    /// </summary>
    private async Task<Notification> PublishAsync<TEvent>(TEvent domainEvent) where TEvent : INotification
    {
        var added = await Fixture.ExecuteScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TwigDb>();
            await sp.GetRequiredService<IPublisher>().Publish(domainEvent);
            var unsaved = db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            Assert.Equal(0, await db.Notifications.CountAsync());
            await db.SaveChangesAsync();
            return unsaved;
        });
        var row = Assert.Single(await Fixture.NotificationsAsync());
        Assert.Equal(Assert.Single(added).IdempotencyKey, row.IdempotencyKey);
        return row;
    }

    private async Task<(District District, string Owner)> DistrictWithOwnerAsync(string slug, int seats = 100, int students = 0)
    {
        var district = await Fixture.InsertDistrictAsync(slug, seats);
        for (var i = 0; i < students; i++)
            await Fixture.InsertAsync(new Person
            {
                DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = $"{slug}-{i}", FirstName = "Pat", LastName = $"Student{i}",
                Roles = PersonRoles.Student, IsActive = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
        return (district, await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id));
    }

    [Theory]
    [InlineData(SyncRunStatus.Succeeded, SyncTrigger.Initial, NotificationKind.InitialSyncCompleted, "the initial sync of")]
    [InlineData(SyncRunStatus.HeldForReview, SyncTrigger.Nightly, NotificationKind.SyncHeld, "is held for your review")]
    [InlineData(SyncRunStatus.BlockedByLicense, SyncTrigger.OnDemand, NotificationKind.SyncBlockedByLicence, "was blocked by the licence")]
    [InlineData(SyncRunStatus.Failed, SyncTrigger.Nightly, NotificationKind.SyncFailed, "failed")]
    public async Task SyncRunFinished_writes_the_owner_the_notice_of_its_outcome(
        SyncRunStatus status, SyncTrigger trigger, NotificationKind kind, string subject)
    {
        var (district, owner) = await DistrictWithOwnerAsync("run-outcome");
        var run = new SyncRun
        {
            DistrictId = district.Id, Trigger = trigger, RequestedBy = "test", RequestedAt = DateTime.UtcNow, Status = status,
            Phase = SyncPhase.Done, FinishedAt = DateTime.UtcNow, Message = "Blocked by the licence: 12 students would be active; 10 are licensed.",
        };
        await Fixture.InsertAsync(run);
        run.Counts.Add(new SyncRunCount { EntityType = RosterEntityType.Person, Created = 7, Deactivated = 3 });

        var row = await PublishAsync(new SyncRunFinished(run));

        Assert.Equal(kind, row.Kind);
        Assert.Equal(owner, row.RecipientEmail);
        Assert.Equal(district.Id, row.DistrictId);
        Assert.Contains(district.Name, row.Subject);
        Assert.Contains(subject, row.Subject);
        Assert.Contains($"/districts/{district.Id}/sync/runs/{run.Id}", row.Link);
    }

    [Fact]
    public async Task ConnectionLost_tells_the_owner_with_the_reason_and_a_dashboard_link()
    {
        var (district, owner) = await DistrictWithOwnerAsync("lost");

        var row = await PublishAsync(new ConnectionLost(district.Id, "Clever no longer lists a token for this district.", DateTime.UtcNow));

        Assert.Equal(NotificationKind.Disconnected, row.Kind);
        Assert.Equal(owner, row.RecipientEmail);
        Assert.Equal($"Twig: {district.Name} is no longer connected to Clever", row.Subject);
        Assert.Contains("Clever no longer lists a token for this district.", row.TextBody);
        Assert.EndsWith("/district", row.Link);
    }

    [Fact]
    public async Task ConnectionAwaitingApproval_asks_support_admins_only()
    {
        var admin = await Fixture.CreateAsync(TwigRoles.SupportAdmin);
        await Fixture.CreateAsync(TwigRoles.Support);
        var cleverId = $"clever-{Guid.NewGuid():N}";

        var row = await PublishAsync(new ConnectionAwaitingApproval(cleverId, "Maple Unified"));

        Assert.Equal(NotificationKind.ConnectionAwaitingApproval, row.Kind);
        Assert.Equal(admin, row.RecipientEmail);
        Assert.Null(row.DistrictId);
        Assert.Contains(cleverId, row.TextBody);
        Assert.EndsWith("/support/connections", row.Link);
    }

    [Fact]
    public async Task LicensedSeatsChanged_below_usage_tells_the_owner_the_district_is_over_its_licence()
    {
        var (district, owner) = await DistrictWithOwnerAsync("seats", seats: 100, students: 3);

        var row = await PublishAsync(new LicensedSeatsChanged(district.Id, 2));

        Assert.Equal(NotificationKind.OverLicence, row.Kind);
        Assert.Equal(owner, row.RecipientEmail);
        Assert.Contains("Active students: 3", row.TextBody);
        Assert.Contains("Licensed student seats: 2", row.TextBody);
        Assert.EndsWith("/district/licence", row.Link);
    }

    [Fact]
    public async Task ImportApplied_that_fills_the_licence_tells_the_owner_it_is_near_the_limit()
    {
        var (district, owner) = await DistrictWithOwnerAsync("import", seats: 10, students: 9);

        var row = await PublishAsync(new ImportApplied(district.Id, ImportId: 1));

        Assert.Equal(NotificationKind.NearLicenceLimit, row.Kind);
        Assert.Equal(owner, row.RecipientEmail);
        Assert.Equal($"Twig: {district.Name} has used 90 % of its licence", row.Subject);
    }

    [Fact]
    public async Task A_district_hovering_at_90_percent_hears_once_until_it_falls_below_85_percent()
    {
        var (district, _) = await DistrictWithOwnerAsync("hover", seats: 20, students: 18);
        async Task<int> NightAsync(int activeStudents)
        {
            await Fixture.ExecuteDbContextAsync(async db =>
            {
                var ids = await db.People.Where(p => p.DistrictId == district.Id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
                await db.People.Where(p => ids.Take(activeStudents).Contains(p.Id)).ExecuteUpdateAsync(u => u.SetProperty(p => p.IsActive, true));
                await db.People.Where(p => ids.Skip(activeStudents).Contains(p.Id)).ExecuteUpdateAsync(u => u.SetProperty(p => p.IsActive, false));
            });
            await Fixture.ExecuteScopeAsync(async sp =>
            {
                await sp.GetRequiredService<IPublisher>().Publish(new ImportApplied(district.Id, ImportId: 1));
                await sp.GetRequiredService<TwigDb>().SaveChangesAsync();
            });
            return await Fixture.ExecuteDbContextAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.NearLicenceLimit));
        }

        Assert.Equal(1, await NightAsync(18)); // 90 %
        Assert.Equal(1, await NightAsync(17)); // 85 %: still near
        Assert.Equal(1, await NightAsync(18));
        Assert.Equal(1, await NightAsync(16)); // 80 %: back to normal
        Assert.Equal(2, await NightAsync(18));
    }

    [Fact]
    public async Task DistrictDataDeleted_sends_the_certificate_to_the_owner_without_a_district()
    {
        var (district, owner) = await DistrictWithOwnerAsync("deleted");

        var row = await PublishAsync(new DistrictDataDeleted
        {
            DeletionId = 41, DistrictId = district.Id, RowsDeleted = new Dictionary<string, int> { ["People"] = 1234 },
            CompletedAt = DateTime.UtcNow, CompletedBy = "deletion schedule", RequestedBy = "admin@twig.test",
            RequestedAt = DateTime.UtcNow.AddDays(-30), ExportSha256 = "abc123",
        });

        Assert.Equal(NotificationKind.DistrictDataDeleted, row.Kind);
        Assert.Equal(owner, row.RecipientEmail);
        Assert.Null(row.DistrictId);
        Assert.Equal($"Twig: certificate of deletion of the data of {district.Name}", row.Subject);
        Assert.Contains("People: 1,234 rows deleted", row.TextBody);
        Assert.Contains("abc123", row.TextBody);
        Assert.EndsWith("/privacy", row.Link);
    }

    [Fact]
    public async Task The_deletion_certificate_gives_its_times_in_the_districts_zone_with_the_utc_instant()
    {
        var (district, _) = await DistrictWithOwnerAsync("deleted-east");
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.TimeZoneId, "America/New_York")));

        // Both instants fall on the day before in New York: a UTC date would read a day late.
        var row = await PublishAsync(new DistrictDataDeleted
        {
            DeletionId = 43, DistrictId = district.Id, RowsDeleted = new Dictionary<string, int> { ["People"] = 1 },
            CompletedAt = new DateTime(2026, 12, 6, 0, 12, 9, DateTimeKind.Utc), CompletedBy = "deletion schedule",
            RequestedBy = "admin@twig.test", RequestedAt = new DateTime(2026, 11, 6, 3, 0, 0, DateTimeKind.Utc),
        });

        Assert.Contains("Completed: Dec 5, 2026 7:12 PM EST (2026-12-06 00:12:09 UTC), by deletion schedule; "
            + "requested by admin@twig.test on Nov 5, 2026", row.TextBody);
    }

    [Fact]
    public async Task Scheduling_a_deletion_publishes_DistrictDeletionScheduled_and_the_owner_gets_the_date_and_the_export_link()
    {
        var (district, owner) = await DistrictWithOwnerAsync("scheduled");

        var scheduled = await Fixture.SendAsync(new ScheduleDeletion.Command(district.Id, district.Slug));

        var row = Assert.Single(await Fixture.NotificationsAsync());
        Assert.Equal(NotificationKind.DistrictDeletionScheduled, row.Kind);
        Assert.Equal(owner, row.RecipientEmail);
        Assert.Equal($"deletion:{scheduled.DeletionId}:scheduled:{row.RecipientUserId}", row.IdempotencyKey);
        Assert.StartsWith($"Twig: the data of {district.Name} will be deleted on", row.Subject);
        Assert.EndsWith("/district/data", row.Link);
    }

    [Fact]
    public async Task A_district_name_ending_in_s_is_never_given_a_possessive_in_a_notice()
    {
        var (district, _) = await DistrictWithOwnerAsync("birch-hill");
        const string Name = "Birch Hill Schools";
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Name, Name)));

        await Fixture.SendAsync(new ScheduleDeletion.Command(district.Id, district.Slug));
        await Fixture.ExecuteScopeAsync(async sp =>
        {
            var publisher = sp.GetRequiredService<IPublisher>();
            await publisher.Publish(new ConnectionLost(district.Id, "Clever no longer lists a token for this district.", DateTime.UtcNow));
            await publisher.Publish(new DistrictDataDeleted
            {
                DeletionId = 42, DistrictId = district.Id, RowsDeleted = new Dictionary<string, int> { ["People"] = 1 },
                CompletedAt = DateTime.UtcNow, CompletedBy = "deletion schedule", RequestedBy = "admin@twig.test",
                RequestedAt = DateTime.UtcNow.AddDays(-30),
            });
            await sp.GetRequiredService<TwigDb>().SaveChangesAsync();
        });

        var rows = await Fixture.NotificationsAsync();
        Assert.Equal(3, rows.Count);
        var text = string.Join("\n", rows.Select(r => r.Subject + "\n" + r.TextBody));
        Assert.DoesNotContain("Schools's", text);
        Assert.DoesNotContain("Schools'", text);
        Assert.Contains($"Twig: the data of {Name} will be deleted on", text);
        Assert.Contains($"the deletion of all data of {Name} (people", text);
        Assert.Contains($"Twig can no longer read the roster of {Name} from Clever", text);
        Assert.Contains($"Twig: certificate of deletion of the data of {Name}", text);
        Assert.Contains($"Twig has deleted all student and roster data of {Name}", text);
    }

    [Fact]
    public async Task A_publisher_whose_transaction_rolls_back_leaves_no_notice()
    {
        var (district, _) = await DistrictWithOwnerAsync("rolled-back");

        await Fixture.ExecuteScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TwigDb>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                // The command joins the open transaction, as it would inside a larger one that then fails.
                await sp.GetRequiredService<IMediator>().Send(new ScheduleDeletion.Command(district.Id, district.Slug));
                await db.SaveChangesAsync();
                Assert.Equal(1, await db.Notifications.CountAsync());
                await transaction.RollbackAsync();
            });
        });

        Assert.Empty(await Fixture.NotificationsAsync());
        Assert.Equal(0, await Fixture.CountAsync<DistrictDeletion>());
    }
}
