using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>
/// Would a sync or import that leaves <c>ActiveStudentsAfter</c> active students be allowed? Asked before
/// anything is written. A plan that does not raise usage is always allowed, even for a district already over.
/// </summary>
public static class PlanCheck
{
    public sealed record Query(int DistrictId, int ActiveStudentsAfter) : IQuery<Result>;

    public sealed record Result(bool Allowed, int ActiveStudentsNow, int ActiveStudentsAfter, int Seats, string? Refusal)
    {
        public int Excess => Math.Max(0, ActiveStudentsAfter - Seats);
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query message, CancellationToken token)
        {
            var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.DistrictId == message.DistrictId, token);
            var now = await SeatUsage.CountActiveStudentsAsync(db, message.DistrictId, token);
            var seats = subscription?.LicensedStudentSeats ?? 0;
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            return Decide(subscription?.EffectiveStatus(today), seats, now, message.ActiveStudentsAfter);
        }

        public static Result Decide(SubscriptionStatus? status, int seats, int now, int after)
        {
            if (status is null or SubscriptionStatus.Expired)
                return new Result(false, now, after, seats, status is null
                    ? "The district has no subscription."
                    : "The district's subscription has expired; renew it before syncing or importing.");
            if (after > seats && after > now)
                return new Result(false, now, after, seats, $"{SeatUsage.Describe(after, seats)}.");
            return new Result(true, now, after, seats, null);
        }
    }
}
