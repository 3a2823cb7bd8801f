using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.Notifications;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Notifications;

/// <summary>The support digest lists exactly the districts that need attention; the 48-hour check tells an owner once per quiet spell.</summary>
public sealed class DigestTests(SliceFixture fixture) : SliceTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Fixture.Catcher().UpAsync();
        Fixture.Mailbox().Clear();
    }

    private async Task<District> DistrictAsync(string slug, CleverConnectionState? state, DateTime? decidedAt = null, int seats = 100)
    {
        var district = await Fixture.InsertDistrictAsync(slug, seats);
        if (state is { } s)
            await Fixture.InsertAsync(new CleverConnection
            {
                CleverDistrictId = $"clever-{slug}", CleverDistrictName = slug, State = s, DistrictId = district.Id,
                FirstSeenAt = decidedAt ?? DateTime.UtcNow, LastSeenAt = DateTime.UtcNow, DecidedAt = decidedAt ?? DateTime.UtcNow,
            });
        return district;
    }

    private Task RunAsync(int districtId, SyncRunStatus status, DateTime finishedAt) =>
        Fixture.InsertAsync(new SyncRun
        {
            DistrictId = districtId, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = finishedAt.AddMinutes(-5),
            StartedAt = finishedAt.AddMinutes(-5), FinishedAt = finishedAt, Status = status, Phase = SyncPhase.Done,
        });

    private async Task StudentsAsync(int districtId, int count)
    {
        for (var i = 0; i < count; i++)
            await Fixture.InsertAsync(new Person
            {
                DistrictId = districtId, Source = RosterSource.Csv, ExternalId = $"s{districtId}-{i}", FirstName = "Pat", LastName = $"Student{i}",
                Roles = PersonRoles.Student, IsActive = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
    }

    [Fact]
    public async Task The_digest_lists_exactly_the_districts_that_need_attention_once_a_day_to_each_staff_member()
    {
        var now = DateTime.UtcNow;
        var healthy = await DistrictAsync("healthy", CleverConnectionState.Connected, now.AddDays(-30));
        await RunAsync(healthy.Id, SyncRunStatus.Succeeded, now.AddHours(-2));
        var failed = await DistrictAsync("failed", CleverConnectionState.Connected, now.AddDays(-30));
        await RunAsync(failed.Id, SyncRunStatus.Succeeded, now.AddHours(-26));
        await RunAsync(failed.Id, SyncRunStatus.Failed, now.AddHours(-2));
        var recovered = await DistrictAsync("recovered", CleverConnectionState.Connected, now.AddDays(-30));
        await RunAsync(recovered.Id, SyncRunStatus.Failed, now.AddHours(-26));
        await RunAsync(recovered.Id, SyncRunStatus.Succeeded, now.AddHours(-2));
        var held = await DistrictAsync("held", CleverConnectionState.Connected, now.AddDays(-30));
        await RunAsync(held.Id, SyncRunStatus.Succeeded, now.AddHours(-26));
        await RunAsync(held.Id, SyncRunStatus.HeldForReview, now.AddHours(-2));
        var disconnected = await DistrictAsync("disconnected", CleverConnectionState.Disconnected, now.AddDays(-30));
        var stale = await DistrictAsync("stale", CleverConnectionState.Connected, now.AddDays(-30));
        await RunAsync(stale.Id, SyncRunStatus.Succeeded, now.AddHours(-50));
        var over = await DistrictAsync("over", null, seats: 2);
        await StudentsAsync(over.Id, 3);
        var csvOnly = await DistrictAsync("csv-only", null);
        await StudentsAsync(csvOnly.Id, 2);
        await Fixture.InsertAsync(new CleverConnection { CleverDistrictId = "pending-1", CleverDistrictName = "Pending", State = CleverConnectionState.PendingApproval, FirstSeenAt = now, LastSeenAt = now });
        var support = await Fixture.CreateAsync(TwigRoles.Support);
        var admin = await Fixture.CreateAsync(TwigRoles.SupportAdmin);
        await Fixture.CreateAsync(TwigRoles.DistrictOwner, failed.Id);

        var digest = await Fixture.SendAsync(new SupportDigest.Command());
        await Fixture.SendAsync(new SupportDigest.Command()); // a second run the same day adds nothing
        await Fixture.DispatchAsync();

        var expected = new[] { disconnected, failed, held, over, stale }.Select(d => d.Name).Order().ToList();
        Assert.Equal(expected, digest.Districts.Select(d => d.Name).Order().ToList());
        Assert.Equal(1, digest.PendingConnections);
        Assert.Equal(2, Fixture.Mailbox().Messages.Count);
        foreach (var staff in new[] { support, admin })
        {
            var mail = Assert.Single(Fixture.Mailbox().To(staff));
            Assert.Equal("Twig daily digest: 5 districts need attention", mail.Subject);
            Assert.Matches(@"5 districts need attention today \([A-Z][a-z]+day, [A-Z][a-z]{2} \d{1,2}, \d{4}\)\.", mail.TextBody);
            foreach (var d in expected) Assert.Contains($"- {d}: ", mail.TextBody);
            foreach (var d in new[] { healthy, recovered, csvOnly }) Assert.DoesNotContain(d.Name + ":", mail.TextBody);
            Assert.Contains("Clever connections awaiting approval: 1", mail.TextBody);
            Assert.Contains("/support", mail.TextBody);
        }
        var reasons = digest.Districts.ToDictionary(d => d.Name, d => string.Join("; ", d.Reasons));
        Assert.Equal("Clever connection lost", reasons[disconnected.Name]);
        Assert.Equal("last sync failed", reasons[failed.Name]);
        Assert.Equal("sync held for review", reasons[held.Name]);
        Assert.Equal("over licence (3 students, 2 seats)", reasons[over.Name]);
        Assert.Equal("no successful sync in 48 hours", reasons[stale.Name]);
    }

    [Fact]
    public async Task No_successful_sync_in_48_hours_tells_the_owner_once_per_quiet_spell()
    {
        var now = DateTime.UtcNow;
        var stale = await DistrictAsync("stale", CleverConnectionState.Connected, now.AddDays(-10));
        await RunAsync(stale.Id, SyncRunStatus.Succeeded, now.AddHours(-49));
        await RunAsync(stale.Id, SyncRunStatus.Failed, now.AddHours(-1));
        var fresh = await DistrictAsync("fresh", CleverConnectionState.Connected, now.AddDays(-10));
        await RunAsync(fresh.Id, SyncRunStatus.Succeeded, now.AddHours(-3));
        var neverSynced = await DistrictAsync("never", CleverConnectionState.Connected, now.AddHours(-72));
        var staleOwner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, stale.Id);
        var freshOwner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, fresh.Id);
        var neverOwner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, neverSynced.Id);

        Assert.Equal(2, await Fixture.SendAsync(new StaleSyncCheck.Command()));
        await Fixture.SendAsync(new StaleSyncCheck.Command());
        await Fixture.DispatchAsync();

        var mail = Assert.Single(Fixture.Mailbox().To(staleOwner));
        Assert.Equal($"Twig: no successful sync of {stale.Name} in 48 hours", mail.Subject);
        Assert.Single(Fixture.Mailbox().To(neverOwner));
        Assert.Empty(Fixture.Mailbox().To(freshOwner));

        // A success ends the spell; the next quiet spell is told again.
        await RunAsync(stale.Id, SyncRunStatus.Succeeded, now.AddHours(-48.5));
        await Fixture.SendAsync(new StaleSyncCheck.Command());
        await Fixture.DispatchAsync();
        Assert.Equal(2, Fixture.Mailbox().To(staleOwner).Count);
    }
}
