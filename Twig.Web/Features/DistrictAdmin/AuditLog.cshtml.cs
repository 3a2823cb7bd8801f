using System.Text.RegularExpressions;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web.Paging;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>A district's audit log for Twig staff: who did what (in words), when, from which address; filterable by action and
/// person, paged. An import or run its details name links to its page.</summary>
[Authorize(Policy = TwigPolicies.IsStaff)]
public sealed partial class AuditLog(IMediator mediator) : PageModel
{
    public const int PageSize = 50;

    public Result Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int districtId, string? what, string? who, int p = 1, CancellationToken token = default)
    {
        var result = await mediator.Send(new Query(districtId, what, who?.Trim(), Math.Max(1, p), PageSize), token);
        if (result is null) return NotFound();
        Data = result;
        return Page();
    }

    public sealed record Query(int DistrictId, string? Action, string? Actor, int Page, int PageSize) : IQuery<Result?>;

    public sealed record Result
    {
        public required int DistrictId { get; init; }
        public required string DistrictName { get; init; }
        public string? Action { get; init; }
        public string? Actor { get; init; }
        public required IReadOnlyList<Row> Rows { get; init; }
        public required int Page { get; init; }
        public required int Pages { get; init; }
        public required int Total { get; init; }
        public required IReadOnlyList<string> Actions { get; init; }
    }

    public sealed record Row(long Id, int DistrictId, DateTime At, string Actor, string Action, string? Details, string? IpAddress)
    {
        /// <summary>The action in words (<see cref="AuditWords"/>).</summary>
        public string What => AuditWords.Describe(Action);

        /// <summary>The import or run the details open with ("Import 10: …", "Run 5"), to link to its page; null otherwise.</summary>
        public Subject? Named => Details is null || NamedPattern().Match(Details) is not { Success: true } match ? null
            : (match.Groups[1].Value, Action.Split('.')[0]) switch
            {
                ("Import", "csv") => new Subject("/UsersCsvImport/Review", "importId", match),
                ("Import", "oneroster") => new Subject("/OneRosterImport/PackageReview", "importId", match),
                ("Run", "sync") => new Subject("/CleverSync/History/RunDetails", "runId", match),
                _ => null,
            };
    }

    /// <summary>An import or run named by id at the start of an entry's details, and the page that shows it to support.</summary>
    public sealed record Subject(string Page, string RouteKey, int Id, string Text)
    {
        public Subject(string page, string routeKey, Match match)
            : this(page, routeKey, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), match.Value)
        {
        }
    }

    [GeneratedRegex(@"^(Import|Run) ([0-9]{1,9})\b")]
    private static partial Regex NamedPattern();

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token) => await ReadAsync(db, message, token);
    }

    /// <summary>One page of a district's audit log (the audit page, and the latest entries on the district's support page).</summary>
    public static async Task<Result?> ReadAsync(TwigDb db, Query message, CancellationToken token)
    {
        var name = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleOrDefaultAsync(token);
        if (name is null) return null;
        var events = db.AuditEvents.AsNoTracking().Where(a => a.DistrictId == message.DistrictId);
        var codes = await events.Select(a => a.Action).Distinct().ToListAsync(token);
        var actions = codes.OrderBy(AuditWords.Describe, StringComparer.OrdinalIgnoreCase).ToList();
        if (!string.IsNullOrEmpty(message.Action)) events = events.Where(a => a.Action == message.Action);
        if (!string.IsNullOrEmpty(message.Actor)) events = events.Where(a => a.Actor.Contains(message.Actor));
        var rows = await events.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Select(a => new Row(a.Id, message.DistrictId, a.At, a.Actor, a.Action, a.Details, a.IpAddress))
            .ToPagedAsync(message.Page, message.PageSize, token);
        return new Result
        {
            DistrictId = message.DistrictId,
            DistrictName = name,
            Action = message.Action,
            Actor = message.Actor,
            Rows = rows.Items,
            Page = rows.Page,
            Pages = rows.Pages,
            Total = rows.Total,
            Actions = actions,
        };
    }
}
