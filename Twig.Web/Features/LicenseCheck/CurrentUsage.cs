using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>The district's seat usage now: used, licensed, percent and state (ok / near limit / at limit / over licence).</summary>
public static class CurrentUsage
{
    public sealed record Query(int DistrictId) : IQuery<SeatUsage?>;

    /// <summary>The read itself, for pages and other slices' handlers (which call it instead of sending a query).</summary>
    /// <returns>Null when there is no such district.</returns>
    public static async Task<SeatUsage?> ReadAsync(TwigDb db, TimeProvider clock, int districtId, CancellationToken token)
    {
        var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.DistrictId == districtId, token);
        if (subscription is null && !await db.Districts.AnyAsync(d => d.Id == districtId, token)) return null;
        var used = await SeatUsage.CountActiveStudentsAsync(db, districtId, token);
        return new SeatUsage(used, subscription?.LicensedStudentSeats ?? 0, subscription?.EffectiveStatus(Subscription.Today(clock)))
        {
            LastSyncBlock = await LicenceBlock.LatestAsync(db, districtId, token),
        };
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, SeatUsage?>
    {
        public async ValueTask<SeatUsage?> Handle(Query message, CancellationToken token) =>
            await ReadAsync(db, clock, message.DistrictId, token);
    }
}
