using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>The district's Clever-sourced records as they are in Twig now: the other side of the comparison.</summary>
public sealed class ExistingRoster
{
    public Dictionary<string, ExistingSchool> Schools { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ExistingPerson> People { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ExistingSection> Sections { get; } = new(StringComparer.Ordinal);
    public Dictionary<EnrollmentKey, ExistingEnrollment> Enrollments { get; } = [];
    public Dictionary<int, string> SchoolExternalIds { get; } = [];
    public Dictionary<int, string> PersonExternalIds { get; } = [];
    public Dictionary<int, string> SectionExternalIds { get; } = [];

    public static async Task<ExistingRoster> LoadAsync(TwigDb db, int districtId, CancellationToken ct)
    {
        var roster = new ExistingRoster();
        const RosterSource clever = RosterSource.Clever;

        await foreach (var s in db.Schools.AsNoTracking().Where(s => s.DistrictId == districtId && s.Source == clever)
                           .Select(s => new ExistingSchool(s.Id, s.ExternalId, s.Name, s.SisId, s.SchoolNumber, s.LowGrade, s.HighGrade, s.IsActive))
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            roster.Schools[s.ExternalId] = s;
            roster.SchoolExternalIds[s.Id] = s.ExternalId;
        }

        await foreach (var p in db.People.AsNoTracking().Where(p => p.DistrictId == districtId && p.Source == clever)
                           .Select(p => new ExistingPerson(p.Id, p.ExternalId, p.FirstName, p.MiddleName, p.LastName, p.Email, p.SisId, p.StateId,
                               p.StudentNumber, p.Grade, p.Roles, p.IsActive))
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            roster.People[p.ExternalId] = p;
            roster.PersonExternalIds[p.Id] = p.ExternalId;
        }

        var links = db.PersonSchools.AsNoTracking()
            .Where(l => db.People.Any(p => p.Id == l.PersonId && p.DistrictId == districtId && p.Source == clever))
            .Select(l => new { l.PersonId, l.SchoolId });
        await foreach (var link in links.AsAsyncEnumerable().WithCancellation(ct))
            if (roster.PersonExternalIds.TryGetValue(link.PersonId, out var person) && roster.SchoolExternalIds.TryGetValue(link.SchoolId, out var school))
                roster.People[person].SchoolIds.Add(school);

        await foreach (var s in db.Sections.AsNoTracking().Where(s => s.DistrictId == districtId && s.Source == clever)
                           .Select(s => new ExistingSection(s.Id, s.ExternalId, s.SchoolId, s.Name, s.Subject, s.Grade, s.Period, s.SisId, s.IsActive))
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            roster.Sections[s.ExternalId] = s;
            roster.SectionExternalIds[s.Id] = s.ExternalId;
        }

        await foreach (var e in db.Enrollments.AsNoTracking().Where(e => e.DistrictId == districtId && e.Source == clever)
                           .Select(e => new { e.Id, e.SectionId, e.PersonId, e.Role, e.IsActive })
                           .AsAsyncEnumerable().WithCancellation(ct))
            roster.Enrollments[new EnrollmentKey(e.SectionId, e.PersonId, e.Role)] = new ExistingEnrollment(e.Id, e.IsActive);

        return roster;
    }
}

public sealed record ExistingSchool(int Id, string ExternalId, string Name, string? SisId, string? SchoolNumber, string? LowGrade, string? HighGrade, bool IsActive);

public sealed record ExistingPerson(int Id, string ExternalId, string FirstName, string? MiddleName, string LastName, string? Email,
    string? SisId, string? StateId, string? StudentNumber, string? Grade, PersonRoles Roles, bool IsActive)
{
    public SortedSet<string> SchoolIds { get; } = new(StringComparer.Ordinal);
}

public sealed record ExistingSection(int Id, string ExternalId, int? SchoolId, string Name, string? Subject, string? Grade, string? Period, string? SisId, bool IsActive);

public readonly record struct EnrollmentKey(int SectionId, int PersonId, EnrollmentRole Role);

public readonly record struct ExistingEnrollment(int Id, bool IsActive);
