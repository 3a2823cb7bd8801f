using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// Writes notices into the caller's <see cref="TwigDb"/> without saving: they commit (or roll back) with the event
/// that caused them. Each recipient gets one row per idempotency key, however often the event is reported.
/// A fault here is logged and never fails the sync, import or change that reported the event.
/// </summary>
public sealed class Outbox(TwigDb db, AppLinks links, TimeProvider clock, ILogger<Outbox> logger)
{
    public sealed record Recipient(string UserId, string Email);

    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");
    private const string NothingApplied = "Nothing was applied and nobody was deactivated.";

    /// <summary>A finished sync run: initial sync completed, failed, held, blocked; and the licence level after a successful apply.</summary>
    public Task SyncFinishedAsync(SyncRun run, CancellationToken token = default) => GuardAsync(async () =>
    {
        var district = await DistrictNameAsync(run.DistrictId, token);
        var key = $"run:{run.Id}";
        int People(Func<SyncRunCount, int> pick) => run.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(pick);
        switch (run.Status)
        {
            case SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings:
                if (run.Trigger == SyncTrigger.Initial)
                {
                    var facts = run.Counts.OrderBy(c => c.EntityType).Select(c =>
                        $"{Plural(c.EntityType)}: {c.Created + c.Updated + c.Reactivated + c.Unchanged:N0} active ({c.Created:N0} added)").ToList();
                    var warnings = run.Issues.Count;
                    if (warnings > 0) facts.Add(string.Create(Us, $"{warnings:N0} record(s) were skipped or had warnings; the run details list them."));
                    await AddAsync(NotificationKind.InitialSyncCompleted, run.DistrictId, key, await OwnersAsync(run.DistrictId, token),
                        new NotificationMessage($"Twig: the initial sync of {district} is complete",
                            $"Twig finished the first sync of {district} from Clever. Your people and classes are ready.",
                            facts, "See the sync details", links.Run(run.DistrictId, run.Id)), token);
                }
                await LicenceChangedCoreAsync(run.DistrictId, null, token);
                break;
            case SyncRunStatus.HeldForReview:
                await AddAsync(NotificationKind.SyncHeld, run.DistrictId, key, await OwnersAsync(run.DistrictId, token),
                    new NotificationMessage($"Twig: a sync of {district} is held for your review",
                        $"A sync of {district} would deactivate more records than the district's safety threshold allows, so nothing was applied. Review the list and approve or discard it.",
                        [string.Create(Us, $"People who would be deactivated: {People(c => c.Deactivated):N0}"),
                         string.Create(Us, $"People who would be added: {People(c => c.Created):N0}")],
                        "Review the held sync", links.Review(run.DistrictId, run.Id)), token);
                break;
            case SyncRunStatus.BlockedByLicense:
                await AddAsync(NotificationKind.SyncBlockedByLicence, run.DistrictId, key, await OwnersAsync(run.DistrictId, token),
                    new NotificationMessage($"Twig: a sync of {district} was blocked by the licence",
                        $"A sync of {district} would leave more active students than the licence allows, so nothing was applied.",
                        [run.Message ?? "", "Contact Twig support to add seats; the next sync will then apply."],
                        "See the sync details", links.Run(run.DistrictId, run.Id)), token);
                break;
            case SyncRunStatus.Failed:
                // A lost connection has a notice of its own; a run that failed because of it adds nothing.
                if (await db.CleverConnections.AnyAsync(c => c.DistrictId == run.DistrictId && c.State == CleverConnectionState.Disconnected, token)
                    || db.CleverConnections.Local.Any(c => c.DistrictId == run.DistrictId && c.State == CleverConnectionState.Disconnected)) break;
                // The run's message ends with the sentence the notice opens with; the notice says it once.
                var reason = (run.Message ?? "").Replace(NothingApplied, "", StringComparison.OrdinalIgnoreCase).Trim();
                await AddAsync(NotificationKind.SyncFailed, run.DistrictId, key, await OwnersAsync(run.DistrictId, token),
                    new NotificationMessage($"Twig: a sync of {district} failed",
                        $"A sync of {district} from Clever failed. {NothingApplied}",
                        [reason, run.Trigger == SyncTrigger.Nightly ? "Twig will try again later tonight." : "Twig will try again with the next nightly sync."],
                        "See the sync details", links.Run(run.DistrictId, run.Id)), token);
                break;
        }
    });

    /// <summary>The district's Clever connection stopped working (token revoked, app disconnected).</summary>
    public Task DisconnectedAsync(int districtId, string reason, CancellationToken token = default) => GuardAsync(async () =>
    {
        var district = await DistrictNameAsync(districtId, token);
        var at = clock.GetUtcNow().UtcDateTime;
        await AddAsync(NotificationKind.Disconnected, districtId, $"disconnected:{districtId}:{at:yyyyMMddHHmmssfff}", await OwnersAsync(districtId, token),
            new NotificationMessage($"Twig: {district} is no longer connected to Clever",
                $"Twig can no longer read {district}'s roster from Clever, so syncs have stopped. Nobody was deactivated.",
                [reason, "Reconnect Twig in your Clever dashboard (or contact Twig support); syncs resume once Clever lists the connection again."],
                "Open your dashboard", links.OwnerDashboard), token);
    });

    /// <summary>A district connected Twig in Clever for the first time: support admins approve it.</summary>
    public Task ConnectionAwaitingApprovalAsync(string cleverDistrictId, string cleverDistrictName, CancellationToken token = default) => GuardAsync(async () =>
    {
        await AddAsync(NotificationKind.ConnectionAwaitingApproval, null, $"connection:{cleverDistrictId}:awaiting-approval", await StaffAsync([TwigRoles.SupportAdmin], token),
            new NotificationMessage($"Twig: {cleverDistrictName} connected in Clever and awaits approval",
                $"The Clever district \"{cleverDistrictName}\" connected Twig. Link it to a Twig district and approve it (or reject it).",
                [$"Clever district id: {cleverDistrictId}"], "Review Clever connections", links.Connections), token);
    });

    /// <summary>
    /// Usage may have crossed 90 % or the licence: tell the owner once per upward crossing. <paramref name="seats"/>
    /// overrides the stored seats when the caller is changing them in this transaction.
    /// </summary>
    public Task LicenceChangedAsync(int districtId, int? seats = null, CancellationToken token = default) =>
        GuardAsync(() => LicenceChangedCoreAsync(districtId, seats, token));

    private async Task LicenceChangedCoreAsync(int districtId, int? seats, CancellationToken token)
    {
        var licensed = seats ?? await db.Subscriptions.Where(s => s.DistrictId == districtId).Select(s => (int?)s.LicensedStudentSeats).SingleOrDefaultAsync(token);
        if (licensed is null) return;
        var usage = new SeatUsage(await SeatUsage.CountActiveStudentsAsync(db, districtId, token), licensed.Value, null);
        var level = usage.State switch
        {
            SeatState.OverLicence => LicenceAlertLevel.OverLicence,
            SeatState.AtLimit or SeatState.NearLimit => LicenceAlertLevel.NearLimit,
            _ => LicenceAlertLevel.Ok,
        };
        var now = clock.GetUtcNow().UtcDateTime;
        var alert = await db.LicenceAlerts.FindAsync([districtId], token);
        if (alert is null)
        {
            alert = new LicenceAlert { DistrictId = districtId, Level = LicenceAlertLevel.Ok, ChangedAt = now };
            db.LicenceAlerts.Add(alert);
        }
        if (level == alert.Level) return;
        var rising = level > alert.Level;
        alert.Level = level;
        alert.ChangedAt = now;
        if (!rising) return;
        alert.Crossings++;

        var district = await DistrictNameAsync(districtId, token);
        var kind = level == LicenceAlertLevel.OverLicence ? NotificationKind.OverLicence : NotificationKind.NearLicenceLimit;
        var facts = new List<string>
        {
            string.Create(Us, $"Active students: {usage.Used:N0}"),
            string.Create(Us, $"Licensed student seats: {usage.Seats:N0} ({usage.Percent} % used)"),
        };
        var message = kind == NotificationKind.OverLicence
            ? new NotificationMessage($"Twig: {district} is over its licence",
                $"{district} has more active students than licensed seats. Nobody was deactivated, but syncs and imports that would add students will be refused until seats are added.",
                facts, "See your licence", links.Licence)
            : new NotificationMessage($"Twig: {district} has used {usage.Percent} % of its licence",
                $"{district} is close to its licensed student seats. Once they are all used, syncs and imports that would add students will be refused.",
                facts, "See your licence", links.Licence);
        await AddAsync(kind, districtId, $"licence:{districtId}:{kind}:{alert.Crossings}", await OwnersAsync(districtId, token), message, token);
    }

    /// <summary>Adds one row per recipient (none twice for the same key); a muted kind stays in the app only.</summary>
    public async Task AddAsync(NotificationKind kind, int? districtId, string key, IReadOnlyList<Recipient> recipients, NotificationMessage message,
        CancellationToken token = default)
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
                TextBody = message.Text(links.Notifications),
                HtmlBody = message.Html(links.Notifications),
                Link = message.Link,
                IdempotencyKey = idempotencyKey,
                CreatedAt = now,
                Status = muted ? NotificationStatus.Muted : NotificationStatus.Pending,
            });
        }
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

    private async Task<string> DistrictNameAsync(int districtId, CancellationToken token) =>
        await db.Districts.Where(d => d.Id == districtId).Select(d => d.Name).SingleOrDefaultAsync(token) ?? $"district {districtId}";

    private static string Plural(RosterEntityType type) => type switch
    {
        RosterEntityType.Person => "People",
        RosterEntityType.School => "Schools",
        RosterEntityType.Section => "Classes",
        _ => "Enrollments",
    };

    private async Task GuardAsync(Func<Task> write)
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
