using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>Twig staff's landing page: every district at a glance.</summary>
[Authorize(Policy = TwigPolicies.IsStaff)]
public sealed class SupportConsole(IMediator mediator) : PageModel
{
    public IReadOnlyList<Model> Data { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken token) => Data = await mediator.Send(new Query(), token);

    public sealed record Query : IQuery<IReadOnlyList<Model>>;

    public sealed record Model(int Id, string Name, string Slug, int Seats, DistrictConnectionState Connection);

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, IReadOnlyList<Model>>
    {
        public async ValueTask<IReadOnlyList<Model>> Handle(Query message, CancellationToken token)
        {
            var districts = await db.Districts.AsNoTracking()
                .Include(d => d.Subscription).Include(d => d.CleverConnection)
                .OrderBy(d => d.Name).ToListAsync(token);
            return districts.Select(d => new Model(d.Id, d.Name, d.Slug, d.Subscription?.LicensedStudentSeats ?? 0, d.ConnectionState)).ToList();
        }
    }
}
