using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web.Paging;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>The district's classes (sections) with their school, teachers and class size, searchable, sorted and paged.</summary>
[Authorize(Policy = TwigPolicies.CanViewDistrict)]
public sealed class DistrictClasses(IMediator mediator) : PageModel
{
    public const int PageSize = 50;

    public Result Data { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string Sort { get; set; } = "name";
    [BindProperty(SupportsGet = true)] public int P { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token)
    {
        var result = await mediator.Send(new Query(districtId, Q, Sort, Math.Max(1, P)), token);
        if (result is null) return NotFound();
        Data = result;
        return Page();
    }

    public static readonly IReadOnlyList<(string Key, string Label)> Sorts =
        [("name", "Class"), ("school", "School"), ("size", "Most students")];

    public sealed record Query(int DistrictId, string? Search, string Sort, int Page) : IQuery<Result?>;

    public sealed record Result(int DistrictId, string DistrictName, IReadOnlyList<Row> Classes, int Total, int Page, int Pages);

    public sealed record Row
    {
        public required int Id { get; init; }
        public required string Name { get; init; }
        public string? School { get; init; }
        public required IReadOnlyList<string> Teachers { get; init; }
        public required int Students { get; init; }
        public required RosterSource Source { get; init; }
        public required bool Active { get; init; }
    }

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var name = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleOrDefaultAsync(token);
            if (name is null) return null;
            var sections = db.Sections.AsNoTracking().Where(s => s.DistrictId == message.DistrictId);
            if (!string.IsNullOrWhiteSpace(message.Search))
            {
                var pattern = LikePattern.Containing(message.Search);
                var upper = LikePattern.Containing(message.Search.ToUpperInvariant()); // ids: binary collation on SQL Server
                sections = sections.Where(s => EF.Functions.Like(s.Name, pattern, LikePattern.Escape)
                    || EF.Functions.Like(s.School!.Name, pattern, LikePattern.Escape)
                    || EF.Functions.Like(s.ExternalId.ToUpper(), upper, LikePattern.Escape));
            }
            IOrderedQueryable<Section> ordered = message.Sort switch
            {
                "school" => sections.OrderByName(s => s.School!.Name).ThenByName(s => s.Name),
                "size" => sections.OrderByDescending(s => s.Enrollments.AsQueryable().Where(Enrollment.Current)
                        .Count(e => e.Role == EnrollmentRole.Student))
                    .ThenByName(s => s.Name),
                _ => sections.OrderByName(s => s.Name),
            };
            var rows = await ordered.ThenBy(s => s.Id)
                .Select(s => new Row
                {
                    Id = s.Id,
                    Name = s.Name,
                    School = s.School == null ? null : s.School.Name,
                    Teachers = s.Enrollments.AsQueryable().Where(Enrollment.Current).Where(e => e.Role == EnrollmentRole.Teacher)
                        .Select(e => e.Person!.FirstName + " " + e.Person.LastName).ToList(),
                    Students = s.Enrollments.AsQueryable().Where(Enrollment.Current).Count(e => e.Role == EnrollmentRole.Student),
                    Source = s.Source,
                    Active = s.IsActive,
                })
                .ToPagedAsync(message.Page, PageSize, token);
            return new Result(message.DistrictId, name, rows.Items, rows.Total, rows.Page, rows.Pages);
        }
    }
}
