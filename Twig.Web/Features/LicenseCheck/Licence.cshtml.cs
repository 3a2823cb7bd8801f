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

    /// <summary>The district's subscription terms as stored, with its seat usage and effective status.</summary>
    public sealed record Model
    {
        public required int DistrictId { get; init; }
        public required string DistrictName { get; init; }
        public required SeatUsage Usage { get; init; }
        /// <summary>The status as support set it (the effective one is on <see cref="Usage"/>); null: no subscription.</summary>
        public SubscriptionStatus? StoredStatus { get; init; }
        public DateOnly? StartsOn { get; init; }
        public DateOnly? EndsOn { get; init; }
        /// <summary>Why syncs and imports are paused (expired or no subscription); null when they may run.</summary>
        public string? PausedReason { get; init; }
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token) =>
            await ReadAsync(db, clock, message.DistrictId, token);
    }

    /// <summary>A district's subscription and seat usage as the licence pages show it (and the edit form starts from).</summary>
    public static async Task<Model?> ReadAsync(TwigDb db, TimeProvider clock, int districtId, CancellationToken token)
    {
        var district = await db.Districts.AsNoTracking()
            .Where(d => d.Id == districtId)
            .Select(d => new
            {
                d.Name,
                Subscription = d.Subscription == null ? null : new
                {
                    d.Subscription.Status, d.Subscription.LicensedStudentSeats, d.Subscription.StartsOn, d.Subscription.EndsOn,
                },
            })
            .SingleOrDefaultAsync(token);
        if (district is null) return null;

        var used = await SeatUsage.CountActiveStudentsAsync(db, districtId, token);
        var today = Subscription.Today(clock);
        var s = district.Subscription;
        var effective = s is null ? (SubscriptionStatus?)null : Subscription.EffectiveStatusOf(s.Status, s.EndsOn, today);
        return new Model
        {
            DistrictId = districtId,
            DistrictName = district.Name,
            Usage = new SeatUsage(used, s?.LicensedStudentSeats ?? 0, effective),
            StoredStatus = s?.Status,
            StartsOn = s?.StartsOn,
            EndsOn = s?.EndsOn,
            PausedReason = s is null ? SubscriptionTerms.NoSubscription
                : effective == SubscriptionStatus.Expired ? SubscriptionTerms.ExpiredReason(s.Status, s.EndsOn, today)
                : null,
        };
    }
}
