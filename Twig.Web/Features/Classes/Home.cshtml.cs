using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.Classes;

/// <summary>
/// Home of a rostered person, one part per role they signed in with: a student's classes, a teacher's classes with
/// their students, a school administrator's schools, a district administrator's district. Deactivated people,
/// enrollments, classes and schools never show.
/// </summary>
[Authorize(Policy = TwigPolicies.IsRosteredPerson)]
public sealed class Home(IMediator mediator) : PageModel
{
    public Model Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        if (User.GetPersonId() is not { } personId || User.GetDistrictId() is not { } districtId) return Forbid();
        Data = await mediator.Send(new Query(personId, districtId,
            User.IsInRole(TwigRoles.Student), User.IsInRole(TwigRoles.Teacher),
            User.IsInRole(TwigRoles.SchoolAdmin), User.IsInRole(TwigRoles.DistrictAdmin)), token);
        return Page();
    }

    public sealed record Query(int PersonId, int DistrictId, bool AsStudent, bool AsTeacher, bool AsSchoolAdmin, bool AsDistrictAdmin)
        : IQuery<Model>;

    public sealed record Model(
        string DistrictName,
        IReadOnlyList<StudentClass>? StudentClasses,
        IReadOnlyList<TeacherClass>? TeacherClasses,
        IReadOnlyList<SchoolSummary>? MySchools,
        IReadOnlyList<SchoolSummary>? DistrictSchools);

    public sealed record StudentClass(int Id, string Name, string? School, IReadOnlyList<string> Teachers);

    public sealed record TeacherClass(int Id, string Name, string? School, IReadOnlyList<string> Students);

    public sealed record SchoolSummary(int Id, string Name, int Classes, int People);

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Model>
    {
        public async ValueTask<Model> Handle(Query message, CancellationToken token)
        {
            // The district's name and whether the person is active in it, in one statement.
            var district = await db.Districts.AsNoTracking().Where(d => d.Id == message.DistrictId)
                .Select(d => new { d.Name, Active = db.People.Any(p => p.Id == message.PersonId && p.DistrictId == d.Id && p.IsActive) })
                .SingleOrDefaultAsync(token);
            var districtName = district?.Name ?? "";
            if (district?.Active != true) return new Model(districtName, [], null, null, null);

            return new Model(districtName,
                message.AsStudent ? await StudentClassesAsync(message.PersonId, token) : null,
                message.AsTeacher ? await TeacherClassesAsync(message.PersonId, token) : null,
                message.AsSchoolAdmin
                    ? await SchoolsAsync(ClassMembers.AdministeredSchools(db, message.DistrictId, message.PersonId, false), token) : null,
                message.AsDistrictAdmin
                    ? await SchoolsAsync(ClassMembers.AdministeredSchools(db, message.DistrictId, message.PersonId, true), token) : null);
        }

        /// <summary>
        /// The person's active sections in the role. Read from the person's enrollments (index on PersonId), not from
        /// every section with an EXISTS per row: that scanned all sections of every district on each home page.
        /// One enrollment per section, person and role (unique index), so no section comes twice.
        /// </summary>
        private async Task<List<(int Id, string Name, string? School)>> ClassesOfAsync(int personId, EnrollmentRole role,
            CancellationToken token) =>
            [.. (await db.Enrollments.AsNoTracking()
                .Where(e => e.PersonId == personId && e.Role == role && e.IsActive && e.Section!.IsActive)
                .Select(e => new { e.Section!.Id, e.Section.Name, School = e.Section.School!.Name })
                .ToListAsync(token)).Select(c => (c.Id, c.Name, (string?)c.School))];

        private async Task<List<StudentClass>> StudentClassesAsync(int personId, CancellationToken token)
        {
            var classes = await ClassesOfAsync(personId, EnrollmentRole.Student, token);
            var teachers = await NamesAsync([.. classes.Select(c => c.Id)], EnrollmentRole.Teacher, token);
            return [.. classes.OrderBy(c => c.Name, NameOrder.Comparer)
                .Select(c => new StudentClass(c.Id, c.Name, c.School, teachers.GetValueOrDefault(c.Id, [])))];
        }

        private async Task<List<TeacherClass>> TeacherClassesAsync(int personId, CancellationToken token)
        {
            var classes = await ClassesOfAsync(personId, EnrollmentRole.Teacher, token);
            var students = await NamesAsync([.. classes.Select(c => c.Id)], EnrollmentRole.Student, token);
            return [.. classes.OrderBy(c => c.Name, NameOrder.Comparer)
                .Select(c => new TeacherClass(c.Id, c.Name, c.School, students.GetValueOrDefault(c.Id, [])))];
        }

        private Task<Dictionary<int, List<string>>> NamesAsync(List<int> sectionIds, EnrollmentRole role, CancellationToken token) =>
            ClassMembers.NamesAsync(db, sectionIds, role, token);

        private async Task<List<SchoolSummary>> SchoolsAsync(IQueryable<School> schools, CancellationToken token) =>
            await schools
                .OrderByName(s => s.Name)
                .Select(s => new SchoolSummary(s.Id, s.Name,
                    db.Sections.Count(c => c.SchoolId == s.Id && c.IsActive),
                    db.People.Count(p => p.IsActive && p.Schools.Any(l => l.SchoolId == s.Id))))
                .ToListAsync(token);
    }
}
