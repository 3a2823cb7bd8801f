using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// Writes notices into the caller's <see cref="TwigDb"/> without saving: they commit (or roll back) with the event
/// that caused them. Each recipient gets one row per idempotency key, however often the event is reported.
/// The notices (<c>Notices/</c>) run inside <see cref="GuardAsync"/>: a fault there is logged and never fails the
/// sync, import or change that published the event.
/// </summary>
public sealed class Outbox(TwigDb db, AppLinks links, SupportContact support, TimeProvider clock, ILogger<Outbox> logger)
{
    public sealed record Recipient(string UserId, string Email);

    /// <summary>Adds one row per recipient (none twice for the same key); a muted kind stays in the app only.</summary>
    public async Task AddAsync(NotificationKind kind, int? districtId, string key, IReadOnlyList<Recipient> recipients,
        NotificationMessage message, CancellationToken token = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var recipient in recipients)
        {
            var idempotencyKey = $"{key}:{recipient.UserId}";
            if (db.Notifications.Local.Any(n => n.IdempotencyKey == idempotencyKey)
                || await db.Notifications.AnyAsync(n => n.IdempotencyKey == idempotencyKey, token)) continue;
            var muted = NotificationKinds.CanMute(kind)
                        && await db.NotificationMutes.AnyAsync(m => m.UserId == recipient.UserId && m.Kind == kind, token);
            db.Notifications.Add(new Notification
            {
                Kind = kind,
                DistrictId = districtId,
                RecipientUserId = recipient.UserId,
                RecipientEmail = recipient.Email,
                Subject = message.Subject.Length > 300 ? message.Subject[..300] : message.Subject,
                TextBody = message.Text(links.Notifications, support.Email),
                HtmlBody = message.Html(links.Notifications, support.Email),
                Link = message.Link,
                IdempotencyKey = idempotencyKey,
                CreatedAt = now,
                Status = muted ? NotificationStatus.Muted : NotificationStatus.Pending,
            });
        }
    }

    /// <summary>A district's name, and the zone in which its notices give days and times (as its pages do).</summary>
    public async Task<(string Name, TimeZoneInfo Zone)> DistrictAsync(int districtId, CancellationToken token)
    {
        var district = await db.Districts.Where(d => d.Id == districtId).Select(d => new { d.Name, d.TimeZoneId }).SingleAsync(token);
        return (district.Name, DisplayTime.ZoneOrDefault(district.TimeZoneId));
    }

    /// <summary>The district's owner account(s).</summary>
    public async Task<IReadOnlyList<Recipient>> OwnersAsync(int districtId, CancellationToken token) =>
        await (from user in db.Users
               join userRole in db.UserRoles on user.Id equals userRole.UserId
               join role in db.Roles on userRole.RoleId equals role.Id
               where role.Name == TwigRoles.DistrictOwner && user.DistrictId == districtId && user.Email != null
               orderby user.Email
               select new Recipient(user.Id, user.Email!)).ToListAsync(token);

    /// <summary>Every local account holding one of the roles, once each.</summary>
    public async Task<IReadOnlyList<Recipient>> StaffAsync(IReadOnlyList<string> roles, CancellationToken token) =>
        (await (from user in db.Users
                join userRole in db.UserRoles on user.Id equals userRole.UserId
                join role in db.Roles on userRole.RoleId equals role.Id
                where roles.Contains(role.Name!) && user.Email != null
                select new Recipient(user.Id, user.Email!)).ToListAsync(token))
        .DistinctBy(r => r.UserId).OrderBy(r => r.Email, StringComparer.Ordinal).ToList();

    public async Task<string> DistrictNameAsync(int districtId, CancellationToken token) =>
        await db.Districts.Where(d => d.Id == districtId).Select(d => d.Name).SingleOrDefaultAsync(token)
        ?? $"district {districtId}";

    /// <summary>Runs one notice's writing; a fault is logged and the event that caused it goes on.</summary>
    public async Task GuardAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "A notification could not be written; the event itself goes on");
        }
    }
}
