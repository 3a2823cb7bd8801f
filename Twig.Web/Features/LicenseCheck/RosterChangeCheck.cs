using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>
/// May a Clever sync or a users.csv import START for this district now? Asked before a run is queued or an
/// upload is accepted. An expired (or missing) subscription stops it with a reason for people: a scheduled
/// sync records the reason as skipped, an on-demand sync or import shows it as a refusal. The seat limit is
/// not decided here — that is <see cref="PlanCheck"/>, once the plan is known.
/// </summary>
public static class RosterChangeCheck
{
    public sealed record Query(int DistrictId, bool Scheduled) : IQuery<Result>;

    /// <param name="Allowed">True when the run or import may start.</param>
    /// <param name="Reason">Why not, in words for the owner, support and the run's history; null when allowed.</param>
    /// <param name="Status">The effective subscription status (null: no subscription or no such district).</param>
    public sealed record Result(bool Allowed, string? Reason, SubscriptionStatus? Status);

    /// <summary>The check itself, for other slices' handlers (which call it instead of sending a query).</summary>
    public static async Task<Result> CheckAsync(TwigDb db, TimeProvider clock, int districtId, bool scheduled, CancellationToken token)
    {
        var subscription = await db.Subscriptions.AsNoTracking()
            .Where(s => s.DistrictId == districtId)
            .Select(s => new { s.Status, s.EndsOn })
            .SingleOrDefaultAsync(token);
        if (subscription is null)
        {
            var exists = await db.Districts.AnyAsync(d => d.Id == districtId, token);
            return new Result(false, exists ? SubscriptionTerms.NoSubscription : "The district does not exist.", null);
        }

        var today = Subscription.Today(clock);
        var status = Subscription.EffectiveStatusOf(subscription.Status, subscription.EndsOn, today);
        if (status != SubscriptionStatus.Expired) return new Result(true, null, status);

        var reason = SubscriptionTerms.ExpiredReason(subscription.Status, subscription.EndsOn, today);
        return new Result(false, scheduled ? $"Scheduled sync skipped. {reason}" : reason, status);
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query message, CancellationToken token) =>
            await CheckAsync(db, clock, message.DistrictId, message.Scheduled, token);
    }
}
