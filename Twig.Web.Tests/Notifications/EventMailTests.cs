using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Features.DataStewardship;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Features.Notifications;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Notifications;

/// <summary>Each event, produced by a real sync against the sandbox Clever, e-mails exactly the right people through real SMTP.</summary>
public sealed class EventMailTests(SliceFixture fixture) : SliceTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Fixture.Catcher().UpAsync();
        Fixture.Mailbox().Clear();
    }

    [Fact]
    public async Task The_initial_sync_emails_the_owner_once_with_counts_and_a_link_and_no_personal_data()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 60);
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var other = await Fixture.InsertDistrictAsync("other");
        var otherOwner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, other.Id);
        var support = await Fixture.CreateAsync(TwigRoles.Support);

        var run = await Fixture.SyncAsync(district.Id, SyncTrigger.Initial);
        var dispatched = await Fixture.DispatchAsync();
        await Fixture.DispatchAsync();

        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        Assert.Equal(1, dispatched.Sent);
        var mail = Assert.Single(Fixture.Mailbox().Messages);
        Assert.Equal([owner], mail.To);
        Assert.Equal($"Twig: the initial sync of {district.Name} is complete", mail.Subject);
        var people = run.Count(RosterEntityType.Person).Created;
        Assert.Contains($"People: {people:N0} active ({people:N0} added)", mail.TextBody);
        Assert.Contains($"/districts/{district.Id}/sync/runs/{run.Id}", mail.TextBody);
        Assert.Contains($"/districts/{district.Id}/sync/runs/{run.Id}", mail.HtmlBody);
        Assert.Empty(Fixture.Mailbox().To(otherOwner));
        Assert.Empty(Fixture.Mailbox().To(support));
        var row = Assert.Single(await Fixture.NotificationsAsync());
        Assert.Equal(MailSender.MessageId(row.IdempotencyKey), mail.MessageId);
        Assert.Equal(NotificationStatus.Sent, row.Status);
        Mail.AssertNoPersonalData(mail, await Fixture.PersonalDataAsync(district.Id));
    }

    [Fact]
    public async Task A_later_successful_sync_sends_nothing()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync();
        await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);

        await Fixture.SyncAsync(district.Id);
        await Fixture.DispatchAsync();

        Assert.Empty(Fixture.Mailbox().Messages);
    }

    [Fact]
    public async Task A_failed_run_emails_the_owner_once()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync();
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        clever.Faults.Fail(500, onPage: 1, collection: "users", times: 50);

        var run = await Fixture.SyncAsync(district.Id);
        await Fixture.DispatchAsync();

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        var mail = Assert.Single(Fixture.Mailbox().Messages);
        Assert.Equal([owner], mail.To);
        Assert.Equal($"Twig: a sync of {district.Name} failed", mail.Subject);
        Assert.Contains("nobody was deactivated", mail.TextBody);
        Assert.Contains($"/districts/{district.Id}/sync/runs/{run.Id}", mail.TextBody);
    }

    [Fact]
    public async Task A_held_run_emails_the_number_who_would_be_deactivated_and_the_review_link()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 80);
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        clever.Changes.EmptyRoster();

        var held = await Fixture.SyncAsync(district.Id);
        await Fixture.DispatchAsync();

        Assert.Equal(SyncRunStatus.HeldForReview, held.Status);
        var mail = Assert.Single(Fixture.Mailbox().Messages);
        Assert.Equal([owner], mail.To);
        Assert.Equal($"Twig: a sync of {district.Name} is held for your review", mail.Subject);
        Assert.Contains($"People who would be deactivated: {held.Count(RosterEntityType.Person).Deactivated:N0}", mail.TextBody);
        Assert.Contains($"/districts/{district.Id}/sync/runs/{held.Id}/review", mail.TextBody);
        Mail.AssertNoPersonalData(mail, await Fixture.PersonalDataAsync(district.Id));
    }

    [Fact]
    public async Task A_run_blocked_by_the_licence_emails_both_numbers()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 60, seats: 40);
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);

        var run = await Fixture.SyncAsync(district.Id);
        await Fixture.DispatchAsync();

        Assert.Equal(SyncRunStatus.BlockedByLicense, run.Status);
        var mail = Assert.Single(Fixture.Mailbox().Messages);
        Assert.Equal([owner], mail.To);
        Assert.Equal($"Twig: a sync of {district.Name} was blocked by the licence", mail.Subject);
        var numbers = System.Text.RegularExpressions.Regex.Match(mail.TextBody!, @"\b(\d+) students would be active; 40 are licensed");
        Assert.True(numbers.Success, mail.TextBody);
        Assert.InRange(int.Parse(numbers.Groups[1].Value), 41, 60);
        Assert.Contains(LicenceBlock.FewerStudentsOrMoreSeats, mail.TextBody);
        // "contact Twig support to add seats" leads somewhere: the address is at the foot of every e-mail.
        Assert.EndsWith("Questions? Write to Twig support: help@twig.test", mail.TextBody!.TrimEnd());
        Assert.Contains("<a href=\"mailto:help@twig.test\">help@twig.test</a>", mail.HtmlBody);
    }

    [Fact]
    public async Task A_run_blocked_because_the_subscription_expired_emails_the_renewal_advice_not_sharing_fewer_students()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 60, seats: 100);
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        // Sync now is accepted while the subscription is active; it has expired by the time the worker runs it.
        var request = await Fixture.SendAsync(new Features.CleverSync.Runs.RequestSync.Command(district.Id, SyncTrigger.OnDemand));
        Assert.NotNull(request.RunId);
        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndsOn, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2))));

        await Fixture.ProcessQueueAsync(district.Id);
        var run = await Fixture.RunAsync(request.RunId.Value);
        await Fixture.DispatchAsync();

        Assert.Equal(SyncRunStatus.BlockedByLicense, run.Status);
        Assert.Equal(LicenceBlockReason.SubscriptionExpired, run.LicenceBlockReason);
        var mail = Assert.Single(Fixture.Mailbox().Messages);
        Assert.Equal([owner], mail.To);
        Assert.Equal($"Twig: a sync of {district.Name} was blocked by the licence", mail.Subject);
        Assert.Contains("was refused because the district's subscription is not active", mail.TextBody);
        Assert.Contains("The subscription expired on ", mail.TextBody); // the run's own message
        Assert.Contains(LicenceBlock.Renew, mail.TextBody);
        Assert.DoesNotContain("more active students than the licence allows", mail.TextBody);
        Assert.DoesNotContain("sharing rules", mail.TextBody);
        Assert.DoesNotContain("sharing rules", mail.HtmlBody);
    }

    [Fact]
    public async Task A_401_with_the_token_no_longer_listed_emails_the_disconnection_once_and_no_separate_failure()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync();
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        Fixture.Sandbox().Disconnect(clever.Id);

        var run = await Fixture.SyncAsync(district.Id);
        await Fixture.DispatchAsync();

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        var mail = Assert.Single(Fixture.Mailbox().Messages);
        Assert.Equal([owner], mail.To);
        Assert.Equal($"Twig: {district.Name} is no longer connected to Clever", mail.Subject);
        Assert.Contains("/district", mail.TextBody);
    }

    [Fact]
    public async Task A_district_that_disconnects_in_Clever_is_told_once_however_often_discovery_runs()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync();
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        Fixture.Sandbox().Disconnect(clever.Id);

        await Fixture.SendAsync(new DiscoverConnections.Command());
        await Fixture.SendAsync(new DiscoverConnections.Command());
        await Fixture.DispatchAsync();

        var mail = Assert.Single(Fixture.Mailbox().To(owner));
        Assert.Equal($"Twig: {district.Name} is no longer connected to Clever", mail.Subject);
    }

    [Fact]
    public async Task A_new_Clever_connection_emails_support_admins_only_and_once()
    {
        var admin = await Fixture.CreateAsync(TwigRoles.SupportAdmin);
        var support = await Fixture.CreateAsync(TwigRoles.Support);
        var clever = Fixture.NewSandboxDistrict();

        await Fixture.SendAsync(new DiscoverConnections.Command());
        await Fixture.SendAsync(new DiscoverConnections.Command());
        await Fixture.DispatchAllAsync();

        // The shared sandbox still lists districts of earlier tests; each is announced once too.
        var mail = Assert.Single(Fixture.Mailbox().To(admin), m => m.Subject.Contains(clever.Name + " "));
        Assert.Equal($"Twig: {clever.Name} connected in Clever and awaits approval", mail.Subject);
        Assert.Equal(Fixture.Mailbox().To(admin).Count, Fixture.Mailbox().To(admin).Select(m => m.Subject).Distinct().Count());
        Assert.Contains("/support/connections", mail.TextBody);
        Assert.Empty(Fixture.Mailbox().To(support));
    }

    [Fact]
    public async Task Near_limit_goes_out_once_per_crossing_and_over_licence_when_seats_are_lowered()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 60, seats: 64);
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);

        await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        await Fixture.SyncAsync(district.Id); // still ≥ 90 %: no second notice
        await Fixture.DispatchAsync();
        var students = await Fixture.SendAsync(new CurrentUsage.Query(district.Id));
        var near = Assert.Single(Fixture.Mailbox().To(owner));
        Assert.Equal($"Twig: {district.Name} has used {students!.Used * 100 / 64} % of its licence", near.Subject);
        Assert.Contains($"Active students: {students.Used}", near.TextBody);
        Assert.Contains("Licensed student seats: 64", near.TextBody);

        await SetSeatsAsync(district.Id, 50);
        await Fixture.DispatchAsync();
        Assert.Equal(2, Fixture.Mailbox().To(owner).Count);
        Assert.Equal($"Twig: {district.Name} is over its licence", Fixture.Mailbox().To(owner)[1].Subject);

        await SetSeatsAsync(district.Id, 1000); // back to normal: nothing to say
        await SetSeatsAsync(district.Id, 62);   // a new crossing
        await Fixture.DispatchAsync();
        var mails = Fixture.Mailbox().To(owner);
        Assert.Equal(3, mails.Count);
        Assert.Equal($"Twig: {district.Name} has used {students.Used * 100 / 62} % of its licence", mails[2].Subject);
    }

    private Task SetSeatsAsync(int districtId, int seats) =>
        Fixture.SendAsync(new EditSubscription.Command
        {
            DistrictId = districtId, Status = SubscriptionStatus.Active, Seats = seats, StartsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1),
        });

    [Fact]
    public async Task A_muted_kind_is_not_emailed_but_still_listed_and_critical_kinds_cannot_be_muted()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync();
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var ownerId = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == owner).Select(u => u.Id).SingleAsync());
        await Fixture.SendAsync(new NotificationSettingsPage.Command(ownerId, [NotificationKind.InitialSyncCompleted, NotificationKind.SyncFailed]));

        await Fixture.SyncAsync(district.Id, SyncTrigger.Initial);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        clever.Faults.Fail(500, onPage: 1, collection: "users", times: 50);
        await Fixture.SyncAsync(district.Id);
        await Fixture.DispatchAsync();

        var mail = Assert.Single(Fixture.Mailbox().To(owner));
        Assert.Equal($"Twig: a sync of {district.Name} failed", mail.Subject);
        var initial = Assert.Single(await Fixture.NotificationsAsync(), n => n.Kind == NotificationKind.InitialSyncCompleted);
        Assert.Equal(NotificationStatus.Muted, initial.Status);
        Assert.Equal([NotificationKind.InitialSyncCompleted], await Fixture.SendAsync(new NotificationSettingsPage.Query(ownerId)));
    }

    [Fact]
    public async Task Cancelling_a_scheduled_deletion_emails_the_owner_that_nothing_was_deleted_and_the_old_date_is_no_longer_new()
    {
        var district = await Fixture.InsertDistrictAsync("pine-ridge");
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var scheduled = await Fixture.SendAsync(new ScheduleDeletion.Command(district.Id, district.Slug));
        await Fixture.DispatchAsync();
        Fixture.Mailbox().Clear();
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var url = $"/support/districts/{district.Id}/data";

        await admin.SubmitFormAsync(url, new Dictionary<string, string>(), url + "?handler=CancelDeletion");
        await Fixture.DispatchAsync();

        var mail = Assert.Single(Fixture.Mailbox().Messages);
        Assert.Equal([owner], mail.To);
        Assert.Equal($"Twig: the deletion of the data of {district.Name} was cancelled; nothing was deleted", mail.Subject);
        Assert.Contains("Nothing was deleted.", mail.TextBody);
        Assert.Contains("/district/data", mail.TextBody);
        // The notice that announced the date is no longer new: the owner's list leads with the cancellation.
        var rows = await Fixture.NotificationsAsync();
        var told = Assert.Single(rows, r => r.Kind == NotificationKind.DistrictDeletionScheduled);
        Assert.Equal($"deletion:{scheduled.DeletionId}:scheduled:{told.RecipientUserId}", told.IdempotencyKey);
        var acted = await Fixture.ExecuteDbContextAsync(db => ActedOn.AmongAsync(db, rows.Select(r => r.Id).ToList(), default));
        Assert.Equal(told.Id, Assert.Single(acted));
    }
}
