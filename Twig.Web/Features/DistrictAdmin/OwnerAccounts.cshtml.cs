using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>District owner accounts for a support admin, each with its lockout state and a way to reset its password.</summary>
[Authorize(Policy = TwigPolicies.IsSupportAdmin)]
public sealed class OwnerAccounts(IMediator mediator, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Row> Owners { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken token)
    {
        Now = clock.GetUtcNow();
        Owners = await mediator.Send(new Query(), token);
    }

    public sealed record Query : IQuery<IReadOnlyList<Row>>;

    public sealed record Row(string UserId, string Email, string DisplayName, string? DistrictName, DateTimeOffset? LockoutEnd);

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, IReadOnlyList<Row>>
    {
        public async ValueTask<IReadOnlyList<Row>> Handle(Query message, CancellationToken token)
        {
            var ownerRole = await db.Roles.Where(r => r.Name == TwigRoles.DistrictOwner).Select(r => r.Id).FirstOrDefaultAsync(token);
            var rows = await db.Users.AsNoTracking()
                .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == ownerRole))
                .Select(u => new Row(u.Id, u.Email ?? "", u.DisplayName, u.District == null ? null : u.District.Name, u.LockoutEnd))
                .ToListAsync(token);
            return [.. rows.OrderBy(r => r.DistrictName, NameOrder.Comparer).ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase)];
        }
    }
}
