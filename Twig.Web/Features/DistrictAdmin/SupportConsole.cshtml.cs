using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>Twig staff's landing page: every district with status badges, searchable and filterable by status.</summary>
[Authorize(Policy = TwigPolicies.IsStaff)]
public sealed class SupportConsole(IMediator mediator) : PageModel
{
    public Result Data { get; private set; } = null!;

    public async Task OnGetAsync(string? q, string? status, CancellationToken token) =>
        Data = await mediator.Send(new Query(q?.Trim(), status), token);

    public sealed record Query(string? Search, string? Status) : IQuery<Result>;

    public sealed record Result
    {
        public string? Search { get; init; }
        public DistrictHealth.Badge? Status { get; init; }
        public required bool Healthy { get; init; }
        public required int Total { get; init; }
        public required IReadOnlyList<DistrictHealth.Model> Districts { get; init; }
        /// <summary>How many districts carry each badge, for the filter buttons.</summary>
        public required IReadOnlyDictionary<DistrictHealth.Badge, int> Counts { get; init; }
        public required int PendingConnections { get; init; }
        /// <summary>Each shown district's time zone: its row's times read in it.</summary>
        public required IReadOnlyDictionary<int, string> TimeZones { get; init; }
    }

    public sealed class QueryHandler(Twig.Web.Data.TwigDb db, TimeProvider clock, IOptions<SyncFreshness> freshness)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query message, CancellationToken token)
        {
            var all = await DistrictHealth.ReadAsync(db, freshness.Value, clock.GetUtcNow().UtcDateTime, null, token);
            var badge = Enum.GetValues<DistrictHealth.Badge>().Select(b => (DistrictHealth.Badge?)b)
                .FirstOrDefault(b => string.Equals(b!.Value.Key(), message.Status, StringComparison.OrdinalIgnoreCase));
            var healthy = string.Equals(message.Status, "ok", StringComparison.OrdinalIgnoreCase);
            var shown = all.Where(d => string.IsNullOrEmpty(message.Search)
                                       || d.Name.Contains(message.Search, StringComparison.OrdinalIgnoreCase)
                                       || d.Slug.Contains(message.Search, StringComparison.OrdinalIgnoreCase))
                .Where(d => badge is null || d.Badges.Contains(badge.Value))
                .Where(d => !healthy || d.Badges.Count == 0)
                .ToList();
            var counts = Enum.GetValues<DistrictHealth.Badge>().ToDictionary(b => b, b => all.Count(d => d.Badges.Contains(b)));
            // The same rows the connections page lists as waiting, so the two numbers always match.
            var pending = await db.CleverConnections.CountAsync(c => c.State == Domain.CleverConnectionState.PendingApproval, token);
            var zones = await db.Districts.Select(d => new { d.Id, d.TimeZoneId }).ToDictionaryAsync(d => d.Id, d => d.TimeZoneId, token);
            return new Result
            {
                Search = message.Search,
                Status = badge,
                Healthy = healthy,
                Total = all.Count,
                Districts = shown,
                Counts = counts,
                PendingConnections = pending,
                TimeZones = zones,
            };
        }
    }
}
