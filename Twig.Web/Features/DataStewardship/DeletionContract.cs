using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// The district's subscription as a deletion reads it, one rule for the review page and the owner's notice: still running
/// (active or pilot by <see cref="Subscription.EffectiveStatusOf"/>, so deleting ends a service the district still has), or
/// ended on a known day (the end of the contract, the usual reason for a deletion).
/// </summary>
public sealed record DeletionContract(SubscriptionStatus? Status, DateOnly? EndsOn, DateOnly Today)
{
    public bool StillRunning => Status is { } status && Subscription.EffectiveStatusOf(status, EndsOn, Today) != SubscriptionStatus.Expired;

    /// <summary>The contract's last day, once it is past; null while it runs or when no end day is known.</summary>
    public DateOnly? EndedOn => Status is not null && !StillRunning && EndsOn is { } end && end < Today ? end : null;

    public static async Task<DeletionContract> ReadAsync(TwigDb db, TimeProvider clock, int districtId, CancellationToken token)
    {
        var subscription = await db.Subscriptions.AsNoTracking().Where(s => s.DistrictId == districtId)
            .Select(s => new { s.Status, s.EndsOn }).SingleOrDefaultAsync(token);
        return new DeletionContract(subscription?.Status, subscription?.EndsOn, Subscription.Today(clock));
    }
}
