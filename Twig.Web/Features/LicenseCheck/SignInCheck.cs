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

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query message, CancellationToken token)
        {
            var subscription = await db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.DistrictId == message.DistrictId, token);
            var today = SubscriptionTerms.Today(clock);
            return subscription?.EffectiveStatus(today) switch
            {
                SubscriptionStatus.Active or SubscriptionStatus.Pilot => new Result(true, null),
                SubscriptionStatus.Expired => new Result(false, "Your district's Twig Science subscription has expired. Please ask your district administrator to renew it."),
                _ => new Result(false, "Your district does not have a Twig Science subscription yet."),
            };
        }
    }
}
