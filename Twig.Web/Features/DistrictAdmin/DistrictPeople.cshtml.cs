using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Infrastructure.Web.Paging;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// The district's people, searchable, sorted and paged, for the owner and support; the owner and a support admin can
/// download the users.csv people as an upload-ready file (never a password).
/// </summary>
[Authorize(Policy = TwigPolicies.CanViewDistrict)]
public sealed class DistrictPeople(IMediator mediator, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 50;

    public Result Data { get; private set; } = null!;
    public bool CanExport { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string Sort { get; set; } = "name";
    [BindProperty(SupportsGet = true)] public int P { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token)
    {
        var result = await mediator.Send(new Query(districtId, Q, Sort, Math.Max(1, P)), token);
        if (result is null) return NotFound();
        Data = result;
        CanExport = (await authorization.AuthorizeAsync(User, districtId, TwigPolicies.CanManageDistrict)).Succeeded;
        return Page();
    }

    public async Task<IActionResult> OnGetUsersCsvAsync(int districtId, CancellationToken token)
    {
        if (!(await authorization.AuthorizeAsync(User, districtId, TwigPolicies.CanManageDistrict)).Succeeded) return Forbid();
        var csv = await mediator.Send(new ExportCommand(districtId), token);
        return csv is null ? NotFound() : File(csv, "text/csv", "users.csv");
    }

    public static readonly IReadOnlyList<(string Key, string Label)> Sorts =
        [("name", "Name"), ("role", "Role"), ("school", "School"), ("source", "Source"), ("active", "Active first"),
            ("signin", "Last sign-in")];

    public sealed record Query(int DistrictId, string? Search, string Sort, int Page) : IQuery<Result?>;

    public sealed record Result(int DistrictId, string DistrictName, IReadOnlyList<Row> People, int Total, int Page, int Pages)
    {
        /// <summary>Whether the district has active people from users.csv, the only ones "Download current users.csv" holds.</summary>
        public bool HasCsvPeople { get; init; }
    }

    public sealed record Row
    {
        public required int Id { get; init; }
        public required string Name { get; init; }
        public required PersonRoles Roles { get; init; }
        public required string Schools { get; init; }
        public required RosterSource Source { get; init; }
        public required string ExternalId { get; init; }
        public required bool Active { get; init; }
        public DateTime? LastSignInAt { get; init; }

        public string RoleText => Roles.Describe();
    }

    /// <summary>Audited: it hands personal data out of Twig.</summary>
    public sealed record ExportCommand(int DistrictId) : ICommand<byte[]?>;

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var name = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleOrDefaultAsync(token);
            if (name is null) return null;
            var people = db.People.AsNoTracking().Where(p => p.DistrictId == message.DistrictId);
            if (!string.IsNullOrWhiteSpace(message.Search))
            {
                var pattern = LikePattern.Containing(message.Search);
                var upper = LikePattern.Containing(message.Search.ToUpperInvariant());
                // LIKE: case-insensitive on SQLite and on SQL Server's default collation, so "garcia" finds "Garcia". Ids carry a
                // binary collation on SQL Server (they are case-sensitive keys): they are compared upper-cased, so "s0002" finds them too.
                people = people.Where(p => EF.Functions.Like(p.FirstName + " " + p.LastName, pattern, LikePattern.Escape)
                    || EF.Functions.Like(p.Email!, pattern, LikePattern.Escape)
                    || EF.Functions.Like(p.ExternalId.ToUpper(), upper, LikePattern.Escape)
                    || EF.Functions.Like(p.Username!, pattern, LikePattern.Escape));
            }
            IOrderedQueryable<Person> ordered = message.Sort switch
            {
                "role" => people.OrderBy(p => p.Roles).ThenByName(p => p.LastName).ThenByName(p => p.FirstName),
                "school" => people.OrderByName(p => p.Schools.Select(s => NameOrder.Key(s.School!.Name)).Min())
                    .ThenByName(p => p.LastName).ThenByName(p => p.FirstName),
                "source" => people.OrderBy(p => p.Source).ThenByName(p => p.LastName).ThenByName(p => p.FirstName),
                "active" => people.OrderByDescending(p => p.IsActive).ThenByName(p => p.LastName).ThenByName(p => p.FirstName),
                "signin" => people.OrderByDescending(p => p.LastSignInAt).ThenByName(p => p.LastName).ThenByName(p => p.FirstName),
                _ => people.OrderByName(p => p.LastName).ThenByName(p => p.FirstName),
            };
            var rows = await ordered.ThenBy(p => p.Id)
                .Select(p => new
                {
                    p.Id, p.FirstName, p.LastName, p.Roles, Schools = p.Schools.Select(s => s.School!.Name).ToList(),
                    p.Source, p.ExternalId, p.IsActive, p.LastSignInAt
                })
                .ToPagedAsync(message.Page, PageSize, token);
            return new Result(message.DistrictId, name,
                rows.Items.Select(r => new Row
                {
                    Id = r.Id,
                    Name = $"{r.FirstName} {r.LastName}",
                    Roles = r.Roles,
                    Schools = NameList.Of(r.Schools.Order()),
                    Source = r.Source,
                    ExternalId = r.ExternalId,
                    Active = r.IsActive,
                    LastSignInAt = r.LastSignInAt,
                }).ToList(),
                rows.Total, rows.Page, rows.Pages)
            {
                HasCsvPeople = await db.People.AnyAsync(
                    p => p.DistrictId == message.DistrictId && p.Source == RosterSource.Csv && p.IsActive, token),
            };
        }
    }

    public sealed class ExportHandler(TwigDb db, AuditTrail audit) : ICommandHandler<ExportCommand, byte[]?>
    {
        public async ValueTask<byte[]?> Handle(ExportCommand message, CancellationToken token)
        {
            if (!await db.Districts.AnyAsync(d => d.Id == message.DistrictId, token)) return null;
            // Exactly the people an upload manages (active, from users.csv), so uploading this file back changes nobody.
            var people = await db.People.AsNoTracking()
                .Where(p => p.DistrictId == message.DistrictId && p.Source == RosterSource.Csv && p.IsActive)
                .OrderBy(p => p.ExternalId)
                .Select(p => new
                {
                    p.ExternalId, p.FirstName, p.LastName, p.Username, p.Roles, p.Email,
                    Schools = p.Schools.Select(s => s.School!.Name).ToList()
                })
                .ToListAsync(token);
            audit.Record("people.exported", message.DistrictId, $"users.csv with {people.Count} people downloaded");
            // The password column stays empty: Twig keeps only hashes, and an empty password keeps the current one on upload.
            return SpreadsheetCsv.Build(["user_id", "first_name", "last_name", "username", "password", "role", "email", "school_names"],
                people.Select(p => new[]
                {
                    p.ExternalId, p.FirstName, p.LastName, p.Username, "", UsersCsvRoles.Name(p.Roles), p.Email,
                        string.Join(";", p.Schools.Order()),
                }));
        }
    }
}
