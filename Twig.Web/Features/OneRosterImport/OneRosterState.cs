using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>A OneRoster person already in the district (no change tracking).</summary>
public sealed class OrExistingPerson
{
    public int Id { get; init; }
    public string ExternalId { get; init; } = "";
    public string FirstName { get; init; } = "";
    public string? MiddleName { get; init; }
    public string LastName { get; init; } = "";
    public string? Email { get; init; }
    public string? Username { get; init; }
    public string? StudentNumber { get; init; }
    public string? Grade { get; init; }
    public string? PasswordHash { get; init; }
    public PersonRoles Roles { get; init; }
    public bool IsActive { get; init; }
    public HashSet<int> SchoolIds { get; } = [];

    public bool SameAs(OrExistingPerson other) =>
        Id == other.Id && ExternalId == other.ExternalId && FirstName == other.FirstName && MiddleName == other.MiddleName
            && LastName == other.LastName
        && Email == other.Email && Username == other.Username && StudentNumber == other.StudentNumber && Grade == other.Grade
        && PasswordHash == other.PasswordHash && Roles == other.Roles && IsActive == other.IsActive && SchoolIds.SetEquals(other.SchoolIds);
}

public sealed record OrExistingSchool(int Id, string ExternalId, string Name, string? SchoolNumber, bool IsActive);

/// <summary>What a OneRoster import is planned against: only the district's OneRoster records, plus what other sources hold that
/// matters.</summary>
public sealed class OneRosterState
{
    public required int DistrictId { get; init; }
    public required int ThresholdPercent { get; init; }
    public required int Seats { get; init; }
    public required Dictionary<string, OrExistingSchool> Schools { get; init; }
    public required Dictionary<string, OrExistingPerson> People { get; init; }
    /// <summary>Normalized usernames held by people of other sources (the unique index spans the district).</summary>
    public required HashSet<string> OtherUsernames { get; init; }
    /// <summary>Active students of other sources, except a retiring source's (they leave when this import applies).</summary>
    public required int OtherActiveStudents { get; init; }
    public required ClassState Classes { get; init; }
    /// <summary>
    /// The district's calendar day (its own time zone) when the state was read: an enrollment or role whose endDate is before it
    /// has ended. Part of the state, so a preview planned before midnight is planned again after it.
    /// </summary>
    public required DateOnly Today { get; init; }

    public KnownRecords Known => new(
        Schools.Values.Where(s => s.IsActive).Select(s => s.ExternalId).ToHashSet(StringComparer.Ordinal),
        People.Keys.ToHashSet(StringComparer.Ordinal),
        Classes.Sections.Values.Where(s => s.IsActive).Select(s => s.ExternalId).ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Whether <paramref name="other"/> holds exactly what this state holds, field by field: a plan made against one is then
    /// the plan of the other. The apply reads the district again inside its transaction and compares it with the state the
    /// package was planned against outside it.
    /// </summary>
    public bool SameAs(OneRosterState other)
    {
        if (DistrictId != other.DistrictId || Today != other.Today || ThresholdPercent != other.ThresholdPercent || Seats != other.Seats
            || OtherActiveStudents != other.OtherActiveStudents || !OtherUsernames.SetEquals(other.OtherUsernames))
            return false;
        if (Schools.Count != other.Schools.Count || People.Count != other.People.Count
            || Classes.Sections.Count != other.Classes.Sections.Count || Classes.Enrollments.Count != other.Classes.Enrollments.Count)
            return false;
        foreach (var (key, school) in Schools)
            if (!other.Schools.TryGetValue(key, out var them) || school != them) return false;
        foreach (var (key, person) in People)
            if (!other.People.TryGetValue(key, out var them) || !person.SameAs(them)) return false;
        foreach (var (key, section) in Classes.Sections)
            if (!other.Classes.Sections.TryGetValue(key, out var them) || section.Id != them.Id || section.Name != them.Name
                || section.SchoolId != them.SchoolId
                || section.Grade != them.Grade || section.Subject != them.Subject || section.IsActive != them.IsActive)
                return false;
        foreach (var (key, enrollment) in Classes.Enrollments)
            if (!other.Classes.Enrollments.TryGetValue(key, out var them) || enrollment != them) return false;
        return true;
    }

    public static async Task<OneRosterState> LoadAsync(TwigDb db, int districtId, TimeProvider clock, CancellationToken token)
    {
        const RosterSource source = RosterSource.OneRoster;
        var district = await db.Districts.AsNoTracking().Where(d => d.Id == districtId)
            .Select(d => new
            {
                d.DeactivationThresholdPercent, d.RetiringRosterSource, d.TimeZoneId,
                Seats = d.Subscription == null ? 0 : d.Subscription.LicensedStudentSeats
            })
            .SingleAsync(token);
        var schools = await db.Schools.AsNoTracking().Where(s => s.DistrictId == districtId && s.Source == source)
            .Select(s => new OrExistingSchool(s.Id, s.ExternalId, s.Name, s.SchoolNumber, s.IsActive)).ToListAsync(token);
        var people = await db.People.AsNoTracking().Where(p => p.DistrictId == districtId && p.Source == source)
            .Select(p => new OrExistingPerson
            {
                Id = p.Id, ExternalId = p.ExternalId, FirstName = p.FirstName, MiddleName = p.MiddleName, LastName = p.LastName,
                Email = p.Email,
                Username = p.Username, StudentNumber = p.StudentNumber, Grade = p.Grade, PasswordHash = p.PasswordHash, Roles = p.Roles,
                IsActive = p.IsActive,
            }).ToListAsync(token);
        var byId = people.ToDictionary(p => p.Id);
        var links = await db.PersonSchools.AsNoTracking()
            .Where(l => db.People.Any(p => p.Id == l.PersonId && p.DistrictId == districtId && p.Source == source))
            .Select(l => new { l.PersonId, l.SchoolId }).ToListAsync(token);
        foreach (var link in links)
            if (byId.TryGetValue(link.PersonId, out var person)) person.SchoolIds.Add(link.SchoolId);
        var others = await db.People.AsNoTracking()
            .Where(p => p.DistrictId == districtId && p.Source != source && p.NormalizedUsername != null)
            .Select(p => p.NormalizedUsername!).ToListAsync(token);
        var retiring = district.RetiringRosterSource;
        var otherStudents = await db.People.Where(ActiveStudent.Predicate)
            .CountAsync(p => p.DistrictId == districtId && p.Source != source && (retiring == null || p.Source != retiring), token);
        return new OneRosterState
        {
            DistrictId = districtId,
            ThresholdPercent = district.DeactivationThresholdPercent,
            Seats = district.Seats,
            Schools = schools.ToDictionary(s => s.ExternalId, StringComparer.Ordinal),
            People = people.ToDictionary(p => p.ExternalId, StringComparer.Ordinal),
            OtherUsernames = others.ToHashSet(StringComparer.Ordinal),
            OtherActiveStudents = otherStudents,
            Classes = await ClassState.LoadAsync(db, districtId, source, token),
            Today = DateOnly.FromDateTime(
                TimeZoneInfo.ConvertTime(clock.GetUtcNow(), DisplayTime.ZoneOrDefault(district.TimeZoneId)).DateTime),
        };
    }
}
