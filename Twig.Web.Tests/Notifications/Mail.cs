using Microsoft.EntityFrameworkCore;
using Twig.Sandbox.Mail;
using Twig.Web.Domain;
using Twig.Web.Features.Notifications;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Notifications;

/// <summary>The app's sandbox SMTP catcher (real SMTP on loopback) and the dispatcher, driven the way the background service drives them.</summary>
public static class Mail
{
    public static SandboxMailbox Mailbox(this SliceFixture fixture) => fixture.Services.GetRequiredService<SandboxMailbox>();

    public static SmtpCatcher Catcher(this SliceFixture fixture) => fixture.Services.GetRequiredService<SmtpCatcher>();

    public static Task<DispatchNotifications.Result> DispatchAsync(this SliceFixture fixture, string worker = "test-dispatcher") =>
        fixture.SendAsync(new DispatchNotifications.Command(worker));

    /// <summary>Dispatches round after round until nothing due is left (a round sends at most 50).</summary>
    public static async Task DispatchAllAsync(this SliceFixture fixture)
    {
        while ((await fixture.DispatchAsync()).Sent > 0)
        {
        }
    }

    public static Task<List<Notification>> NotificationsAsync(this SliceFixture fixture) =>
        fixture.ExecuteDbContextAsync(db => db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync());

    /// <summary>Messages the catcher received for one address.</summary>
    public static List<CaughtMail> To(this SandboxMailbox mailbox, string email) =>
        mailbox.Messages.Where(m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Every rostered person's name and e-mail in the district, none of which may appear in any message.</summary>
    public static Task<List<string>> PersonalDataAsync(this SliceFixture fixture, int districtId) =>
        fixture.ExecuteDbContextAsync(async db =>
        {
            var people = await db.People.AsNoTracking().Where(p => p.DistrictId == districtId)
                .Select(p => new { p.FirstName, p.LastName, p.Email }).ToListAsync();
            return people.SelectMany(p => new[] { $"{p.FirstName} {p.LastName}", $"{p.LastName}, {p.FirstName}", p.Email })
                .Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
        });

    public static void AssertNoPersonalData(CaughtMail mail, IEnumerable<string> personal)
    {
        var text = $"{mail.Subject}\n{mail.TextBody}\n{mail.HtmlBody}";
        foreach (var value in personal)
            Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"Message '{mail.Subject}' contains personal data");
    }
}
