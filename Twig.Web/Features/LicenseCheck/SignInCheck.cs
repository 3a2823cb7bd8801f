using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>May this district's rostered people (students, teachers, administrators) sign in now?</summary>
public static class SignInCheck
{
    public sealed record Query(int DistrictId) : IQuery<Result>;

    public sealed record Result(bool Allowed, string? Reason);

    public const string Expired =
        "Your district's Twig Science subscription has expired. Please ask your district administrator to renew it.";

    public const string NoSubscription = "Your district does not have a Twig Science subscription yet.";

    /// <summary>The check itself, for other slices' handlers (which call it instead of sending a query).</summary>
    public static async Task<Result> CheckAsync(TwigDb db, TimeProvider clock, int districtId, CancellationToken token)
    {
        var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.DistrictId == districtId, token);
        return subscription?.EffectiveStatus(Subscription.Today(clock)) switch
        {
            SubscriptionStatus.Active or SubscriptionStatus.Pilot => new Result(true, null),
            SubscriptionStatus.Expired => new Result(false, Expired),
            _ => new Result(false, NoSubscription),
        };
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query message, CancellationToken token) =>
            await CheckAsync(db, clock, message.DistrictId, token);
    }
}
