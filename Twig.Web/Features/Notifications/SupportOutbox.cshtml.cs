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

    public sealed record Row
    {
        public required long Id { get; init; }
        public required NotificationKind Kind { get; init; }
        public string? District { get; init; }
        public required string RecipientEmail { get; init; }
        public required string Subject { get; init; }
        public required NotificationStatus Status { get; init; }
        public required int Attempts { get; init; }
        public required DateTime CreatedAt { get; init; }
        public DateTime? SentAt { get; init; }
        public DateTime? NextAttemptAt { get; init; }
        public string? LastError { get; init; }
    }

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Model>
    {
        public async ValueTask<Model> Handle(Query message, CancellationToken token)
        {
            var totals = await db.Notifications.GroupBy(n => n.Status).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, token);
            var rows = await db.Notifications.AsNoTracking()
                .Where(n => message.Status == null || n.Status == message.Status)
                .OrderByDescending(n => n.Id)
                .Take(message.Take)
                .Select(n => new Row
                {
                    Id = n.Id, Kind = n.Kind, District = db.Districts.Where(d => d.Id == n.DistrictId).Select(d => d.Name).FirstOrDefault(),
                    RecipientEmail = n.RecipientEmail, Subject = n.Subject, Status = n.Status, Attempts = n.Attempts,
                    CreatedAt = n.CreatedAt, SentAt = n.SentAt, NextAttemptAt = n.NextAttemptAt, LastError = n.LastError,
                })
                .ToListAsync(token);
            return new Model(totals, rows);
        }
    }
}
