using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// Support's list of data that is due for deletion: districts whose subscription has been expired for longer than the
/// configured period (with the date the agreement's deletion clause fell due), and the deletions already scheduled.
/// </summary>
[Authorize(Policy = TwigPolicies.IsStaff)]
public sealed class DataToDelete(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken token) => Data = await mediator.Send(new Query(), token);

    public sealed record Query : IQuery<Result>;

    public sealed record Result(int ExpiredDays, IReadOnlyList<Line> Due, IReadOnlyList<Line> Scheduled);

    /// <param name="ExpiredOn">The subscription's last day, when it has one.</param>
    /// <param name="DueOn">When the deletion clause falls due: the configured number of days after the subscription ended.</param>
    public sealed record Line(int DistrictId, string Name, string Slug, DateOnly? ExpiredOn, DateOnly? DueOn, DateTime? DeletionDueAt,
        string TimeZoneId);

    public sealed class QueryHandler(TwigDb db, TimeProvider clock, IOptions<DataStewardshipOptions> options) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query message, CancellationToken token)
        {
            var days = options.Value.ExpiredSubscriptionDays;
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var districts = await db.Districts.AsNoTracking().Where(d => d.DeletedAt == null)
                .Select(d => new
                {
                    d.Id, d.Name, d.Slug, d.Subscription, d.TimeZoneId,
                    Deletion = db.DistrictDeletions
                        .Where(x => x.DistrictId == d.Id
                                    && (x.Status == DistrictDeletionStatus.Scheduled || x.Status == DistrictDeletionStatus.Running))
                        .Select(x => (DateTime?)x.DueAt).FirstOrDefault(),
                }).ToListAsync(token);
            var due = new List<Line>();
            var scheduled = new List<Line>();
            foreach (var d in districts)
            {
                var expired = d.Subscription?.EffectiveStatus(today) == SubscriptionStatus.Expired;
                var dueOn = expired ? d.Subscription!.EndsOn?.AddDays(days) : null;
                var line = new Line(d.Id, d.Name, d.Slug, expired ? d.Subscription!.EndsOn : null, dueOn, d.Deletion, d.TimeZoneId);
                if (d.Deletion is not null) scheduled.Add(line);
                // An expired subscription without an end date cannot say since when: it is listed, to be looked at.
                else if (expired && (dueOn is null || dueOn < today)) due.Add(line);
            }
            return new Result(days,
                due.OrderBy(l => l.DueOn ?? DateOnly.MinValue).ThenBy(l => l.Name, NameOrder.Comparer).ToList(),
                scheduled.OrderBy(l => l.DeletionDueAt).ToList());
        }
    }
}
