using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.Notifications;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Notifications;

/// <summary>Notices in the app: the owner's list and unread count, marking read, e-mail choices, support's outbox, and /sandbox/mail.</summary>
public sealed class NotificationPageTests(SliceFixture fixture) : SliceTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Fixture.Catcher().UpAsync();
        Fixture.Mailbox().Clear();
    }

    private async Task<(TwigSession Session, string Email, string UserId)> SignedInAsync(string role, int? districtId = null)
    {
        var email = await Fixture.CreateAsync(role, districtId);
        var session = Fixture.CreateSession();
        await session.SignInAsync(email, Accounts.Password);
        var id = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return (session, email, id);
    }

    private Task AddAsync(int? districtId, string userId, string email, string subject, string key) =>
        Fixture.InsertAsync(new Notification
        {
            Kind = NotificationKind.SyncFailed, DistrictId = districtId, RecipientUserId = userId, RecipientEmail = email, Subject = subject,
            TextBody = new NotificationMessage(subject, $"{subject} body", ["a fact"], "Open the dashboard", "http://localhost/district").Text("http://localhost/notifications/settings"), HtmlBody = "<p>body</p>", Link = "http://localhost/district", IdempotencyKey = key, CreatedAt = DateTime.UtcNow,
        });

    [Fact]
    public async Task The_owner_sees_their_notices_and_unread_count_and_marks_them_read()
    {
        var district = await Fixture.InsertDistrictAsync("owner");
        var (session, email, userId) = await SignedInAsync(TwigRoles.DistrictOwner, district.Id);
        using var _ = session;
        var other = await Fixture.InsertDistrictAsync("other");
        var otherEmail = await Fixture.CreateAsync(TwigRoles.DistrictOwner, other.Id);
        var otherId = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == otherEmail).Select(u => u.Id).SingleAsync());
        await AddAsync(district.Id, userId, email, "First notice", "k1");
        await AddAsync(district.Id, userId, email, "Second notice", "k2");
        await AddAsync(other.Id, otherId, otherEmail, "Someone else's notice", "k3");

        var dashboard = await session.GetPageAsync("/district");
        Assert.Contains("data-testid=\"unread-count\">2<", dashboard.Html);
        Assert.Contains("Second notice", dashboard.Html);
        Assert.DoesNotContain("Someone else", dashboard.Html);

        var list = await session.GetPageAsync("/notifications");
        Assert.Contains("First notice", list.Html);
        // The notice itself, not the e-mail's link line and settings footer.
        Assert.Contains("First notice body", list.Html);
        Assert.Contains("- a fact", list.Html);
        Assert.DoesNotContain("Open the dashboard: http", list.Html);
        Assert.DoesNotContain("You receive this because", list.Html);
        Assert.DoesNotContain("Someone else", list.Html);
        // The page links within Twig, whichever address App:BaseUrl gave the e-mail ("http://localhost" here).
        Assert.Contains("<a href=\"/district\">Open in Twig</a>", list.Html);
        Assert.Contains("<a href=\"/district\">Second notice</a>", dashboard.Html);
        var first = await Fixture.ExecuteDbContextAsync(db => db.Notifications.Where(n => n.IdempotencyKey == "k1").Select(n => n.Id).SingleAsync());
        var foreign = await Fixture.ExecuteDbContextAsync(db => db.Notifications.Where(n => n.IdempotencyKey == "k3").Select(n => n.Id).SingleAsync());

        var read = await session.PostFormAsync($"/notifications?handler=Read&id={first}", new Dictionary<string, string>(), list.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        var tampered = await session.PostFormAsync($"/notifications?handler=Read&id={foreign}", new Dictionary<string, string>(), list.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, tampered.StatusCode);

        Assert.Contains("data-testid=\"unread-count\">1<", (await session.GetPageAsync("/district")).Html);
        Assert.Null(await Fixture.ExecuteDbContextAsync(db => db.Notifications.Where(n => n.Id == foreign).Select(n => n.ReadAt).SingleAsync()));

        var all = await session.SubmitFormAsync("/notifications", new Dictionary<string, string>(), "/notifications?handler=ReadAll");
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        Assert.DoesNotContain("unread-count", (await session.GetPageAsync("/district")).Html);
    }

    [Fact]
    public async Task The_owner_turns_off_a_non_critical_email_kind_on_the_settings_page()
    {
        var district = await Fixture.InsertDistrictAsync("prefs");
        var (session, _, userId) = await SignedInAsync(TwigRoles.DistrictOwner, district.Id);
        using var _ = session;

        var page = await session.GetPageAsync("/notifications/settings");
        Assert.Contains("Licence nearly full", page.Html);
        Assert.DoesNotContain("value=\"SyncFailed\"", page.Html);
        // The daily digest goes to support staff only: an owner is not offered it.
        Assert.DoesNotContain("value=\"SupportDigest\"", page.Html);
        var saved = await session.SubmitFormAsync("/notifications/settings", new Dictionary<string, string>
        {
            ["Enabled"] = nameof(NotificationKind.InitialSyncCompleted),
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var muted = await Fixture.SendAsync(new NotificationSettingsPage.Query(userId));
        Assert.Equal(new[] { NotificationKind.NearLicenceLimit, NotificationKind.NoRecentSync }, muted.Order().ToArray());
        Assert.Contains("Your e-mail choices are saved", (await session.GetPageAsync("/notifications/settings")).Html);
    }

    [Fact]
    public async Task Support_sees_sent_pending_and_failed_notifications_and_owners_cannot()
    {
        var district = await Fixture.InsertDistrictAsync("outbox");
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var ownerId = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == owner).Select(u => u.Id).SingleAsync());
        await AddAsync(district.Id, ownerId, owner, "Will be sent", "s1");
        await Fixture.DispatchAsync();
        await AddAsync(district.Id, ownerId, owner, "Still pending", "s2");
        await Fixture.ExecuteDbContextAsync(db => db.Notifications.Where(n => n.IdempotencyKey == "s2")
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.NextAttemptAt, DateTime.UtcNow.AddHours(1)).SetProperty(n => n.LastError, "Could not reach the SMTP server")));
        await AddAsync(district.Id, ownerId, owner, "Gave up", "s3");
        await Fixture.ExecuteDbContextAsync(db => db.Notifications.Where(n => n.IdempotencyKey == "s3")
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.Status, NotificationStatus.Failed)));
        var (support, _, _) = await SignedInAsync(TwigRoles.Support);
        using var _s = support;

        var page = await support.GetPageAsync("/support/notifications");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Will be sent", page.Html);
        Assert.Contains("Could not reach the SMTP server", page.Html);
        Assert.Contains("Gave up", page.Html);
        var failedOnly = await support.GetPageAsync("/support/notifications?status=Failed");
        Assert.Contains("Gave up", failedOnly.Html);
        Assert.DoesNotContain("Will be sent", failedOnly.Html);
        Assert.Contains("/support/notifications", (await support.GetPageAsync("/support")).Html);

        using var ownerSession = Fixture.CreateSession();
        await ownerSession.SignInAsync(owner, Accounts.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownerSession.GetPageAsync("/support/notifications")).Status);
    }

    [Fact]
    public async Task The_sandbox_mail_page_lists_what_Twig_sent_after_a_first_sync()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync();
        await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        await Fixture.SyncAsync(district.Id, SyncTrigger.Initial);
        await Fixture.DispatchAsync();
        using var browser = Fixture.CreateSession();

        var list = await browser.GetPageAsync("/sandbox/mail");
        Assert.Contains($"Twig: the initial sync of {district.Name} is complete", list.Html);
        var number = Assert.Single(Fixture.Mailbox().Messages).Number;
        var message = await browser.GetPageAsync($"/sandbox/mail/{number}");
        Assert.Equal(HttpStatusCode.OK, message.Status);
        Assert.Contains("Twig finished the first sync", message.Html);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetPageAsync("/sandbox/mail/99999")).Status);
    }
}
