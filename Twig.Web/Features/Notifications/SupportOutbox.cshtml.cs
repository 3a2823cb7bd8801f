using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.Notifications;

/// <summary>Support's view of the outbox: every notice, whether it was sent, is pending (and why) or failed.</summary>
[Authorize(Policy = TwigPolicies.IsStaff)]
public sealed class SupportOutbox(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public NotificationStatus? Status { get; set; }

    public Model Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken token) => Data = await mediator.Send(new Query(Status, 200), token);

    public sealed record Query(NotificationStatus? Status, int Take) : IQuery<Model>;

    public sealed record Model(IReadOnlyDictionary<NotificationStatus, int> Totals, IReadOnlyList<Row> Rows);

    public sealed record Row(long Id, NotificationKind Kind, string? District, string RecipientEmail, string Subject, NotificationStatus Status,
        int Attempts, DateTime CreatedAt, DateTime? SentAt, DateTime? NextAttemptAt, string? LastError);

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Model>
    {
        public async ValueTask<Model> Handle(Query message, CancellationToken token)
        {
            var totals = await db.Notifications.GroupBy(n => n.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, token);
            var rows = await db.Notifications.AsNoTracking()
                .Where(n => message.Status == null || n.Status == message.Status)
                .OrderByDescending(n => n.Id)
                .Take(message.Take)
                .Select(n => new Row(n.Id, n.Kind, db.Districts.Where(d => d.Id == n.DistrictId).Select(d => d.Name).FirstOrDefault(),
                    n.RecipientEmail, n.Subject, n.Status, n.Attempts, n.CreatedAt, n.SentAt, n.NextAttemptAt, n.LastError))
                .ToListAsync(token);
            return new Model(totals, rows);
        }
    }
}
