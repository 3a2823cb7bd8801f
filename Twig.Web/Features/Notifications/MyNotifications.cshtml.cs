using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.Notifications;

/// <summary>The signed-in account's notices, newest first; unread ones marked, and marked read one by one or all at once.</summary>
[Authorize(Roles = NotificationAccess.LocalAccounts)]
public sealed class MyNotifications(IMediator mediator) : PageModel
{
    public IReadOnlyList<Item> Data { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken token) =>
        Data = await mediator.Send(new Query(NotificationAccess.UserId(User), 200), token);

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken token)
    {
        await mediator.Send(new Command(NotificationAccess.UserId(User), id), token);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken token)
    {
        await mediator.Send(new Command(NotificationAccess.UserId(User), null), token);
        return RedirectToPage();
    }

    public sealed record Query(string UserId, int Take) : IQuery<IReadOnlyList<Item>>;

    public sealed record Item
    {
        public required long Id { get; init; }
        public required NotificationKind Kind { get; init; }
        public required string Subject { get; init; }
        public required string Text { get; init; }
        public required string Link { get; init; }
        public required DateTime CreatedAt { get; init; }
        public required bool Read { get; init; }

        /// <summary>The link as the page shows it: the e-mail's absolute address, on whichever host serves this page.</summary>
        public string Href => AppLinks.InApp(Link);

        /// <summary>
        /// The notice without the e-mail's trappings: no "Open …: https://…" line (the page links it) and no "--" footer
        /// about e-mail settings.
        /// </summary>
        public string Message => string.Join("\n", Text.ReplaceLineEndings("\n").Split('\n')
            .TakeWhile(line => line != "--")
            .Where(line => !line.EndsWith(": " + Link, StringComparison.Ordinal))).Trim();
    }

    /// <param name="Id">One notice; null marks them all read.</param>
    public sealed record Command(string UserId, long? Id) : ICommand<int>;

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query message, CancellationToken token)
        {
            var items = await db.Notifications.AsNoTracking()
                .Where(n => n.RecipientUserId == message.UserId)
                .OrderByDescending(n => n.Id)
                .Take(message.Take)
                .Select(n => new Item
                {
                    Id = n.Id,
                    Kind = n.Kind,
                    Subject = n.Subject,
                    Text = n.TextBody,
                    Link = n.Link,
                    CreatedAt = n.CreatedAt,
                    Read = n.ReadAt != null,
                })
                .ToListAsync(token);
            // Unread notices whose subject was dealt with meanwhile are not new either.
            var done = await ActedOn.AmongAsync(db, items.Where(i => !i.Read).Select(i => i.Id).ToList(), token);
            return done.Count == 0 ? items : items.Select(i => done.Contains(i.Id) ? i with { Read = true } : i).ToList();
        }
    }

    public sealed class CommandHandler(TwigDb db, TimeProvider clock) : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // Only the recipient's own notices: an id from someone else's list changes nothing.
            return await db.Notifications
                .Where(n => n.RecipientUserId == message.UserId && n.ReadAt == null && (message.Id == null || n.Id == message.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), token);
        }
    }
}
