using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.Classes;

/// <summary>
/// What every page of this slice shows of a class and a school, stated once: a class's members are its active enrollments of
/// active people, named "First Last", a class's lead teacher first; an administrator sees the active schools they are linked to,
/// or every active school of their district.
/// </summary>
internal static class ClassMembers
{
    public static IQueryable<Enrollment> Active(TwigDb db, EnrollmentRole role) =>
        db.Enrollments.Where(Enrollment.Current).Where(e => e.Role == role);

    /// <summary>
    /// The members of each section in the role, "Last, First" sorted, a primary (lead) teacher first when marked. Two members
    /// of one section with the same name are told apart by their student number (else SIS id, else username): "Ann Lee (4471)".
    /// </summary>
    public static async Task<Dictionary<int, List<string>>> NamesAsync(TwigDb db, List<int> sectionIds, EnrollmentRole role,
        CancellationToken token)
    {
        var rows = await Active(db, role).Where(e => sectionIds.Contains(e.SectionId))
            .Select(e => new Member(e.SectionId, e.IsPrimary, e.Person!.FirstName, e.Person.LastName,
                e.Person.StudentNumber ?? e.Person.SisId ?? e.Person.Username))
            .ToListAsync(token);
        return rows.GroupBy(r => r.SectionId).ToDictionary(g => g.Key, g =>
        {
            var members = g.OrderByDescending(r => r.IsPrimary)
                .ThenBy(r => r.LastName, NameOrder.Comparer).ThenBy(r => r.FirstName, NameOrder.Comparer).ToList();
            var repeated = members.CountBy(m => m.Name).Where(n => n.Value > 1).Select(n => n.Key).ToHashSet();
            return members.Select(m => repeated.Contains(m.Name) && !string.IsNullOrWhiteSpace(m.Detail) ? $"{m.Name} ({m.Detail})" : m.Name)
                .ToList();
        });
    }

    private sealed record Member(int SectionId, bool IsPrimary, string FirstName, string LastName, string? Detail)
    {
        public string Name => $"{FirstName} {LastName}".Trim();
    }

    /// <summary>How many members each section has in the role.</summary>
    public static async Task<Dictionary<int, int>> CountsAsync(TwigDb db, List<int> sectionIds, EnrollmentRole role,
        CancellationToken token) =>
        await Active(db, role).Where(e => sectionIds.Contains(e.SectionId))
            .GroupBy(e => e.SectionId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, token);

    /// <summary>The active schools an administrator sees: those they are linked to, or with <paramref name="wholeDistrict"/> all.</summary>
    public static IQueryable<School> AdministeredSchools(TwigDb db, int districtId, int personId, bool wholeDistrict) =>
        db.Schools.Where(s => s.DistrictId == districtId && s.IsActive
            && (wholeDistrict || db.PersonSchools.Any(l => l.PersonId == personId && l.SchoolId == s.Id)));
}
