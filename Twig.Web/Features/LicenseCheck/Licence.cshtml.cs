using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>A district's licence for Twig staff (and its own owner): subscription terms and seat usage.</summary>
[Authorize(Policy = TwigPolicies.CanViewDistrict)]
public sealed class Licence(IMediator mediator) : PageModel
{
    public Model Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token)
    {
        var result = await mediator.Send(new Query(districtId), token);
        if (result is null) return NotFound();
        Data = result;
        return Page();
    }

    public sealed record Query(int DistrictId) : IQuery<Model?>;

    /// <param name="PausedReason">Why syncs and imports are paused (expired or no subscription); null when they may run.</param>
    public sealed record Model(int DistrictId, string DistrictName, SeatUsage Usage, SubscriptionStatus? StoredStatus,
        DateOnly? StartsOn, DateOnly? EndsOn, string? PausedReason);

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token)
        {
            var district = await db.Districts.AsNoTracking()
                .Where(d => d.Id == message.DistrictId)
                .Select(d => new
                {
                    d.Name,
                    Subscription = d.Subscription == null ? null : new { d.Subscription.Status, d.Subscription.LicensedStudentSeats, d.Subscription.StartsOn, d.Subscription.EndsOn },
                })
                .SingleOrDefaultAsync(token);
            if (district is null) return null;

            var used = await SeatUsage.CountActiveStudentsAsync(db, message.DistrictId, token);
            var today = SubscriptionTerms.Today(clock);
            var s = district.Subscription;
            var effective = s is null ? (SubscriptionStatus?)null : new Subscription { Status = s.Status, EndsOn = s.EndsOn }.EffectiveStatus(today);
            var paused = s is null ? SubscriptionTerms.NoSubscription
                : effective == SubscriptionStatus.Expired ? SubscriptionTerms.ExpiredReason(s.Status, s.EndsOn, today)
                : null;
            return new Model(message.DistrictId, district.Name, new SeatUsage(used, s?.LicensedStudentSeats ?? 0, effective),
                s?.Status, s?.StartsOn, s?.EndsOn, paused);
        }
    }
}
