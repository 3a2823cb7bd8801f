using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.Notifications;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Notifications;

/// <summary>The outbox survives an SMTP outage and a restart mid-dispatch without losing or doubling a message.</summary>
public sealed class DispatchTests(SliceFixture fixture) : SliceTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Fixture.Catcher().UpAsync();
        Fixture.Mailbox().Clear();
    }

    public override async Task DisposeAsync() => await Fixture.Catcher().UpAsync();

    private async Task<(string Email, List<long> Ids)> PendingAsync(int count)
    {
        var district = await Fixture.InsertDistrictAsync("outbox");
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        await Fixture.ExecuteScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<Outbox>();
            var db = sp.GetRequiredService<Twig.Web.Data.TwigDb>();
            var owners = await outbox.OwnersAsync(district.Id, CancellationToken.None);
            for (var i = 1; i <= count; i++)
                await outbox.AddAsync(NotificationKind.SyncFailed, district.Id, $"test:{i}", owners,
                    new NotificationMessage($"Test notice {i}", "Lead.", [], "Open", "http://localhost/district"));
            await db.SaveChangesAsync();
        });
        var ids = (await Fixture.NotificationsAsync()).Select(n => n.Id).ToList();
        return (owner, ids);
    }

    [Fact]
    public async Task An_SMTP_outage_leaves_the_message_pending_and_it_goes_out_exactly_once_when_the_server_is_back()
    {
        var (owner, _) = await PendingAsync(1);
        await Fixture.Catcher().DownAsync();

        var duringOutage = await Fixture.DispatchAsync();

        Assert.Equal(0, duringOutage.Sent);
        Assert.Equal(1, duringOutage.Retrying);
        var row = Assert.Single(await Fixture.NotificationsAsync());
        Assert.Equal(NotificationStatus.Pending, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("Could not reach the SMTP server", row.LastError);
        Assert.True(row.NextAttemptAt > DateTime.UtcNow, "a retry waits");

        await Fixture.Catcher().UpAsync();
        Assert.Equal(0, (await Fixture.DispatchAsync()).Sent); // not before its next attempt time
        await Fixture.ExecuteDbContextAsync(db => db.Notifications.ExecuteUpdateAsync(s => s.SetProperty(n => n.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1))));
        var afterOutage = await Fixture.DispatchAsync();
        await Fixture.DispatchAsync();

        Assert.Equal(1, afterOutage.Sent);
        var mail = Assert.Single(Fixture.Mailbox().Messages);
        Assert.Equal([owner], mail.To);
        row = Assert.Single(await Fixture.NotificationsAsync());
        Assert.Equal(NotificationStatus.Sent, row.Status);
        Assert.Equal(2, row.Attempts);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task A_recipient_address_that_cannot_take_mail_fails_its_own_message_and_the_others_go_out()
    {
        var (owner, ids) = await PendingAsync(3);
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            await db.Notifications.Where(n => n.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(n => n.RecipientEmail, "owner at district"));
            await db.Notifications.Where(n => n.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(n => n.RecipientEmail, "owner"));
        });

        var round = await Fixture.DispatchAsync();

        Assert.Equal((1, 2), (round.Sent, round.Retrying));
        Assert.Equal([owner], Assert.Single(Fixture.Mailbox().Messages).To);
        foreach (var bad in (await Fixture.NotificationsAsync()).Where(n => n.Id != ids[2]))
            Assert.Equal((NotificationStatus.Pending, "The recipient's address cannot take e-mail; correct it on the account."), (bad.Status, bad.LastError));
    }

    [Fact]
    public async Task An_SMTP_outage_never_fails_a_sync()
    {
        var (district, _) = await Twig.Web.Tests.Harness.CleverWorld.ConnectedDistrictAsync(Fixture);
        await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        await Fixture.Catcher().DownAsync();

        var run = await Twig.Web.Tests.Harness.CleverWorld.SyncAsync(Fixture, district.Id, SyncTrigger.Initial);
        await Fixture.DispatchAsync();

        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        Assert.Equal(NotificationStatus.Pending, Assert.Single(await Fixture.NotificationsAsync()).Status);
    }

    [Fact]
    public async Task A_restart_mid_dispatch_sends_nothing_twice()
    {
        var (owner, ids) = await PendingAsync(3);
        // A dispatcher claimed the first row and handed it to the SMTP server, then its process died before recording it.
        var dead = "dead-instance";
        await Fixture.ExecuteDbContextAsync(db => db.Notifications.Where(n => n.Id == ids[0]).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Status, NotificationStatus.Sending).SetProperty(n => n.ClaimedBy, dead)
            .SetProperty(n => n.ClaimedAt, DateTime.UtcNow).SetProperty(n => n.Attempts, 1)));
        await Fixture.ExecuteScopeAsync(async sp =>
        {
            var row = await sp.GetRequiredService<Twig.Web.Data.TwigDb>().Notifications.AsNoTracking().SingleAsync(n => n.Id == ids[0]);
            await sp.GetRequiredService<MailSender>().SendAsync(row, CancellationToken.None);
        });

        // The restarted instance dispatches: the claimed row is not its to send.
        var first = await Fixture.DispatchAsync("restarted-instance");
        Assert.Equal(2, first.Sent);

        // Long after, the claim is stale: the outcome is unknown, so the row is marked failed instead of sent again.
        await Fixture.ExecuteDbContextAsync(db => db.Notifications.Where(n => n.Id == ids[0])
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ClaimedAt, DateTime.UtcNow.AddHours(-1))));
        var later = await Fixture.DispatchAsync("restarted-instance");

        Assert.Equal(0, later.Sent);
        Assert.Equal(1, later.Failed);
        var mails = Fixture.Mailbox().To(owner);
        Assert.Equal(3, mails.Count);
        Assert.Equal(3, mails.Select(m => m.MessageId).Distinct().Count());
        var rows = await Fixture.NotificationsAsync();
        Assert.Equal(NotificationStatus.Failed, rows.Single(n => n.Id == ids[0]).Status);
        Assert.Contains("not sent again automatically", rows.Single(n => n.Id == ids[0]).LastError);
        Assert.All(rows.Where(n => n.Id != ids[0]), n => Assert.Equal(NotificationStatus.Sent, n.Status));
    }

    [Fact]
    public async Task Two_dispatchers_at_once_send_each_message_exactly_once()
    {
        var (owner, ids) = await PendingAsync(12);

        var results = await Task.WhenAll(Fixture.DispatchAsync("instance-a"), Fixture.DispatchAsync("instance-b"));

        Assert.Equal(ids.Count, results.Sum(r => r.Sent));
        var mails = Fixture.Mailbox().To(owner);
        Assert.Equal(ids.Count, mails.Count);
        Assert.Equal(ids.Count, mails.Select(m => m.MessageId).Distinct().Count());
        Assert.All(await Fixture.NotificationsAsync(), n => Assert.Equal(NotificationStatus.Sent, n.Status));
    }

    [Fact]
    public async Task The_same_event_reported_twice_is_written_once()
    {
        await PendingAsync(2);
        var district = await Fixture.ExecuteDbContextAsync(db => db.Districts.Select(d => d.Id).SingleAsync());
        await Fixture.ExecuteScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<Outbox>();
            await outbox.AddAsync(NotificationKind.SyncFailed, district, "test:1", await outbox.OwnersAsync(district, CancellationToken.None),
                new NotificationMessage("Again", "Lead.", [], "Open", "http://localhost/district"));
            await sp.GetRequiredService<Twig.Web.Data.TwigDb>().SaveChangesAsync();
        });

        Assert.Equal(2, (await Fixture.NotificationsAsync()).Count);
    }
}
