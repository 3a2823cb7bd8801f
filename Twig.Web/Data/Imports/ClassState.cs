using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;

namespace Twig.Web.Data.Imports;

/// <summary>A section of the source already in the district, as the plan needs it (no change tracking).</summary>
public sealed class ExistingSection
{
    public int Id { get; init; }
    public string ExternalId { get; init; } = "";
    public string Name { get; init; } = "";
    public int? SchoolId { get; init; }
    public string? Grade { get; init; }
    public string? Subject { get; init; }
    public bool IsActive { get; init; }
}

public sealed record ExistingEnrollment(int Id, bool IsActive, bool IsPrimary = false);

/// <summary>The key of an enrollment in a source: class external id, person external id, role.</summary>
public readonly record struct EnrollmentKey(string ClassId, string PersonId, EnrollmentRole Role);

/// <summary>The sections and enrollments one roster source owns in a district. Other sources' records are never loaded.</summary>
public sealed class ClassState
{
    public required int DistrictId { get; init; }
    public required RosterSource Source { get; init; }
    public required Dictionary<string, ExistingSection> Sections { get; init; }
    public required Dictionary<EnrollmentKey, ExistingEnrollment> Enrollments { get; init; }

    /// <summary>Two queries whatever the district's size; nothing is tracked.</summary>
    public static async Task<ClassState> LoadAsync(TwigDb db, int districtId, RosterSource source, CancellationToken token)
    {
        var sections = await db.Sections.AsNoTracking()
            .Where(s => s.DistrictId == districtId && s.Source == source)
            .Select(s => new ExistingSection
            {
                Id = s.Id, ExternalId = s.ExternalId, Name = s.Name, SchoolId = s.SchoolId, Grade = s.Grade, Subject = s.Subject,
                IsActive = s.IsActive,
            })
            .ToListAsync(token);
        var enrollments = await db.Enrollments.AsNoTracking()
            .Where(e => e.DistrictId == districtId && e.Source == source)
            .Select(e => new { e.Id, e.IsActive, e.IsPrimary, e.Role, ClassId = e.Section!.ExternalId, PersonId = e.Person!.ExternalId })
            .ToListAsync(token);
        var byKey = new Dictionary<EnrollmentKey, ExistingEnrollment>(enrollments.Count);
        foreach (var e in enrollments)
            byKey[new EnrollmentKey(e.ClassId, e.PersonId, e.Role)] = new ExistingEnrollment(e.Id, e.IsActive, e.IsPrimary);
        return new ClassState
        {
            DistrictId = districtId,
            Source = source,
            Sections = sections.ToDictionary(s => s.ExternalId, StringComparer.Ordinal),
            Enrollments = byKey,
        };
    }
}
