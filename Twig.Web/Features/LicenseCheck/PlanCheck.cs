using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>
/// Would a sync or import that leaves <c>ActiveStudentsAfter</c> active students be allowed? Asked before
/// anything is written. A plan that leaves more active students than seats is refused with both numbers;
/// a plan that does not raise usage is always allowed, even for a district already over its licence
/// (nobody is ever deactivated to fit a licence, so such a district must still be able to sync).
/// An expired or missing subscription refuses every plan.
/// </summary>
public static class PlanCheck
{
    public sealed record Query(int DistrictId, int ActiveStudentsAfter) : IQuery<Result>;

    /// <summary>The answer; a refusal says why in words (<c>Refusal</c>) and as a kind (<c>Reason</c>) that chooses the advice.</summary>
    public sealed record Result(bool Allowed, int ActiveStudentsNow, int ActiveStudentsAfter, int Seats, string? Refusal,
        LicenceBlockReason? Reason = null)
    {
        public int Excess => Math.Max(0, ActiveStudentsAfter - Seats);
    }

    /// <summary>The check itself, for other slices' handlers (which call it instead of sending a query).</summary>
    public static async Task<Result> CheckAsync(TwigDb db, TimeProvider clock, int districtId, int activeStudentsAfter,
        CancellationToken token)
    {
        var subscription = await db.Subscriptions.AsNoTracking()
            .Where(s => s.DistrictId == districtId)
            .Select(s => new { s.Status, s.LicensedStudentSeats, s.EndsOn })
            .SingleOrDefaultAsync(token);
        var now = await SeatUsage.CountActiveStudentsAsync(db, districtId, token);
        var today = Subscription.Today(clock);
        if (subscription is null) return Decide(null, 0, now, activeStudentsAfter);
        var status = Subscription.EffectiveStatusOf(subscription.Status, subscription.EndsOn, today);
        return Decide(status, subscription.LicensedStudentSeats, now, activeStudentsAfter,
            SubscriptionTerms.ExpiredReason(subscription.Status, subscription.EndsOn, today));
    }

    public static Result Decide(SubscriptionStatus? status, int seats, int now, int after, string? expiredReason = null)
    {
        if (status is null)
            return new Result(false, now, after, seats, SubscriptionTerms.NoSubscription, LicenceBlockReason.NoSubscription);
        if (status == SubscriptionStatus.Expired)
            return new Result(false, now, after, seats,
                expiredReason ?? SubscriptionTerms.ExpiredReason(SubscriptionStatus.Expired, null, default),
                LicenceBlockReason.SubscriptionExpired);
        if (after > seats && after > now)
            return new Result(false, now, after, seats, $"{SeatUsage.Describe(after, seats)}.", LicenceBlockReason.TooManyStudents);
        return new Result(true, now, after, seats, null);
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query message, CancellationToken token) =>
            await CheckAsync(db, clock, message.DistrictId, message.ActiveStudentsAfter, token);
    }
}
