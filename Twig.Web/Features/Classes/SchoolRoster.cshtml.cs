using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web.Paging;

namespace Twig.Web.Features.Classes;

/// <summary>
/// One school as its administrators see it: its active classes with their teachers and number of students, and its active
/// people, a page at a time. A school administrator sees the schools they are linked to, a district administrator every school
/// of the district; anyone else (or a school of another district) is told there is no such page.
/// </summary>
[Authorize(Policy = TwigPolicies.IsRosteredPerson)]
public sealed class SchoolRoster(IMediator mediator) : PageModel
{
    public const int PeoplePerPage = 100;

    public Model Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int schoolId, [FromQuery(Name = Paged.Parameter)] int p = 1,
        CancellationToken token = default)
    {
        if (User.GetPersonId() is not { } personId || User.GetDistrictId() is not { } districtId) return Forbid();
        var data = await mediator.Send(new Query(personId, districtId, schoolId,
            User.IsInRole(TwigRoles.SchoolAdmin), User.IsInRole(TwigRoles.DistrictAdmin), p), token);
        if (data is null) return NotFound();
        Data = data;
        return Page();
    }

    public sealed record Query(int PersonId, int DistrictId, int SchoolId, bool AsSchoolAdmin, bool AsDistrictAdmin, int Page)
        : IQuery<Model?>;

    public sealed record Model(string Name, IReadOnlyList<SchoolClass> Classes, Paged<SchoolPerson> People);

    public sealed record SchoolClass(int Id, string Name, string? Grade, string? Subject, IReadOnlyList<string> Teachers, int Students);

    public sealed record SchoolPerson(int Id, string FirstName, string LastName, PersonRoles Roles);

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token)
        {
            // An administrator of this active school (linked to it, or of the whole district), active in the district.
            if (!message.AsSchoolAdmin && !message.AsDistrictAdmin) return null;
            var school = await ClassMembers.AdministeredSchools(db, message.DistrictId, message.PersonId, message.AsDistrictAdmin)
                .Where(s => s.Id == message.SchoolId
                    && db.People.Any(p => p.Id == message.PersonId && p.DistrictId == message.DistrictId && p.IsActive))
                .Select(s => s.Name)
                .SingleOrDefaultAsync(token);
            if (school is null) return null;

            var classes = await db.Sections.AsNoTracking()
                .Where(c => c.SchoolId == message.SchoolId && c.IsActive)
                .OrderByName(c => c.Name)
                .Select(c => new { c.Id, c.Name, c.Grade, c.Subject })
                .ToListAsync(token);
            var ids = classes.Select(c => c.Id).ToList();
            var teachers = await ClassMembers.NamesAsync(db, ids, EnrollmentRole.Teacher, token);
            var students = await ClassMembers.CountsAsync(db, ids, EnrollmentRole.Student, token);

            var people = await db.People.AsNoTracking()
                .Where(p => p.DistrictId == message.DistrictId && p.IsActive && p.Schools.Any(l => l.SchoolId == message.SchoolId))
                .OrderByName(p => p.LastName).ThenByName(p => p.FirstName).ThenBy(p => p.Id)
                .Select(p => new SchoolPerson(p.Id, p.FirstName, p.LastName, p.Roles))
                .ToPagedAsync(message.Page, PeoplePerPage, token);
            return new Model(school,
                [.. classes.Select(c => new SchoolClass(c.Id, c.Name, c.Grade, c.Subject, teachers.GetValueOrDefault(c.Id, []),
                    students.GetValueOrDefault(c.Id)))],
                people);
        }
    }
}
