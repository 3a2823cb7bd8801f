using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>The district account owner's landing page.</summary>
[Authorize(Policy = TwigPolicies.IsDistrictOwner)]
public sealed class Dashboard(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        var result = await mediator.Send(new Query(User.GetDistrictId()!.Value), token);
        if (result is null) return NotFound();
        Data = result;
        return Page();
    }

    public sealed record Query(int DistrictId) : IQuery<Result?>;

    public sealed record Result(string Name, SubscriptionStatus? SubscriptionStatus, int Seats, DistrictConnectionState Connection);

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var district = await db.Districts.AsNoTracking()
                .Include(d => d.Subscription).Include(d => d.CleverConnection)
                .SingleOrDefaultAsync(d => d.Id == message.DistrictId, token);
            return district is null
                ? null
                : new Result(district.Name, district.Subscription?.Status, district.Subscription?.LicensedStudentSeats ?? 0, district.ConnectionState);
        }
    }
}
