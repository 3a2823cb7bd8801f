using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Notifications;

/// <summary>A notice whose subject was dealt with (a later successful sync, an approved connection, a live connection) stops being new.</summary>
public sealed class ActedOnTests(SliceFixture fixture) : SliceTest(fixture)
{
    private async Task<(TwigSession Session, string UserId, string Email)> SignedInAsync(string role, int? districtId = null)
    {
        var email = await Fixture.CreateAsync(role, districtId);
        var session = Fixture.CreateSession();
        await session.SignInAsync(email, Accounts.Password);
        return (session, await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync()), email);
    }

    private static Notification Notice(NotificationKind kind, int districtId, string userId, string email, string subject, DateTime at) => new()
    {
        Kind = kind, DistrictId = districtId, RecipientUserId = userId, RecipientEmail = email, Subject = subject, TextBody = subject, HtmlBody = subject,
        Link = "http://localhost/district", IdempotencyKey = $"{subject}:{userId}", CreatedAt = at, Status = NotificationStatus.Sent,
    };

    [Fact]
    public async Task A_failure_followed_by_a_successful_run_and_a_lost_connection_that_is_live_again_are_no_longer_new()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 10);
        var (owner, userId, email) = await SignedInAsync(TwigRoles.DistrictOwner, district.Id);
        using var _ = owner;
        var then = DateTime.UtcNow.AddMinutes(-30);
        await Fixture.InsertAsync(
            Notice(NotificationKind.SyncFailed, district.Id, userId, email, "Sync failed at night", then),
            Notice(NotificationKind.SyncBlockedByLicence, district.Id, userId, email, "Sync blocked at night", then),
            Notice(NotificationKind.Disconnected, district.Id, userId, email, "Connection lost", then));

        // The connection is live (approved above), so the "lost" notice is dealt with; the two sync notices still wait.
        var before = await owner.GetPageAsync("/notifications");
        Assert.Contains("New: Sync failed at night", before.Html);
        Assert.Contains("New: Sync blocked at night", before.Html);
        Assert.DoesNotContain("New: Connection lost", before.Html);
        Assert.Contains("data-testid=\"unread-count\">2<", (await owner.GetPageAsync("/district")).Html);

        await Fixture.SyncAsync(district.Id);

        var after = await owner.GetPageAsync("/notifications");
        Assert.Contains("Sync failed at night", after.Html);
        Assert.DoesNotContain("New: ", after.Html);
        Assert.DoesNotContain("data-testid=\"unread-count\"", (await owner.GetPageAsync("/district")).Html);
        // Only the list says so: nobody marked them read.
        Assert.Equal(3, await Fixture.ExecuteDbContextAsync(db => db.Notifications.CountAsync(n => n.RecipientUserId == userId && n.ReadAt == null)));
    }

    [Fact]
    public async Task A_connection_waiting_for_approval_is_no_longer_new_once_approved()
    {
        var (admin, _, _) = await SignedInAsync(TwigRoles.SupportAdmin);
        using var _ = admin;
        var clever = Fixture.NewSandboxDistrict(students: 5);
        var district = await Fixture.InsertDistrictAsync("approved" + Guid.NewGuid().ToString("N")[..6]);
        await Fixture.SendAsync(new DiscoverConnections.Command());
        var subject = $"Twig: {clever.Options.Name} connected in Clever and awaits approval";

        Assert.Contains("New: " + subject, (await admin.GetPageAsync("/notifications")).Html);

        var connectionId = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.CleverDistrictId == clever.Id).Select(c => c.Id).SingleAsync());
        await Fixture.SendAsync(new ApproveConnection.Command { ConnectionId = connectionId, DistrictSlug = district.Slug, ConfirmedSlug = district.Slug });

        var after = await admin.GetPageAsync("/notifications");
        Assert.Contains(subject, after.Html);
        Assert.DoesNotContain("New: " + subject, after.Html);
    }

    [Fact]
    public async Task The_failure_notice_says_each_sentence_once()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 10);
        var (owner, userId, _) = await SignedInAsync(TwigRoles.DistrictOwner, district.Id);
        using var _ = owner;
        clever.Faults.Fail(500, onPage: 1, collection: "users", times: 50);
        var run = await Fixture.SyncAsync(district.Id);
        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("Nothing was applied and nobody was deactivated.", run.Message);

        var text = await Fixture.ExecuteDbContextAsync(db => db.Notifications.Where(n => n.RecipientUserId == userId && n.Kind == NotificationKind.SyncFailed)
            .Select(n => n.TextBody).SingleAsync());
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(text, "Nothing was applied", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        var sentences = text.Split(['.', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s.Length > 12).ToList();
        Assert.Equal(sentences.Count, sentences.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("Nothing was applied", (await owner.GetPageAsync("/notifications")).Html);
    }
}
