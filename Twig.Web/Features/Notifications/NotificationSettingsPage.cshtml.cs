using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// Which non-critical notices the account receives by e-mail (initial sync done, near the licence limit, no sync in
/// 48 hours, the daily digest). Failures, holds, licence blocks and lost connections always go out.
/// A turned-off kind still appears in the app's list.
/// </summary>
[Authorize(Roles = NotificationAccess.LocalAccounts)]
public sealed class NotificationSettingsPage(IMediator mediator) : PageModel
{
    [BindProperty]
    public List<NotificationKind> Enabled { get; set; } = [];

    public IReadOnlyList<NotificationKind> Muted { get; private set; } = [];

    /// <summary>The kinds this account can receive: the daily digest goes to support staff only, so owners are not offered it.</summary>
    public IEnumerable<NotificationKind> Offered => NotificationKinds.Mutable
        .Where(k => k != NotificationKind.SupportDigest || User.IsInRole(TwigRoles.Support) || User.IsInRole(TwigRoles.SupportAdmin));

    [TempData]
    public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken token) => Muted = await mediator.Send(new Query(NotificationAccess.UserId(User)), token);

    public async Task<IActionResult> OnPostAsync(CancellationToken token)
    {
        var muted = Offered.Where(k => !Enabled.Contains(k)).ToList();
        await mediator.Send(new Command(NotificationAccess.UserId(User), muted), token);
        Saved = "Your e-mail choices are saved.";
        return RedirectToPage();
    }

    public sealed record Query(string UserId) : IQuery<IReadOnlyList<NotificationKind>>;

    public sealed record Command(string UserId, IReadOnlyList<NotificationKind> Muted) : ICommand;

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, IReadOnlyList<NotificationKind>>
    {
        public async ValueTask<IReadOnlyList<NotificationKind>> Handle(Query message, CancellationToken token) =>
            await db.NotificationMutes.AsNoTracking().Where(m => m.UserId == message.UserId).Select(m => m.Kind).ToListAsync(token);
    }

    public sealed class CommandHandler(TwigDb db, AuditTrail audit) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command message, CancellationToken token)
        {
            var wanted = message.Muted.Where(NotificationKinds.CanMute).Distinct().ToList();
            var current = await db.NotificationMutes.Where(m => m.UserId == message.UserId).ToListAsync(token);
            db.NotificationMutes.RemoveRange(current.Where(m => !wanted.Contains(m.Kind)));
            db.NotificationMutes.AddRange(wanted.Where(k => current.All(m => m.Kind != k))
                .Select(k => new NotificationMute { UserId = message.UserId, Kind = k }));
            audit.Record("notifications.preferences", null,
                wanted.Count == 0 ? "All notice e-mails on" : $"E-mail off for: {string.Join(", ", wanted)}");
            return Unit.Value;
        }
    }
}
