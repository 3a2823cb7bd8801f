using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>The district's seat usage now: used, licensed, percent and state (ok / near limit / at limit / over licence).</summary>
public static class CurrentUsage
{
    public sealed record Query(int DistrictId) : IQuery<SeatUsage?>;

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, SeatUsage?>
    {
        public async ValueTask<SeatUsage?> Handle(Query message, CancellationToken token)
        {
            var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.DistrictId == message.DistrictId, token);
            if (subscription is null && !await db.Districts.AnyAsync(d => d.Id == message.DistrictId, token)) return null;
            var used = await SeatUsage.CountActiveStudentsAsync(db, message.DistrictId, token);
            var today = SubscriptionTerms.Today(clock);
            return new SeatUsage(used, subscription?.LicensedStudentSeats ?? 0, subscription?.EffectiveStatus(today));
        }
    }
}
