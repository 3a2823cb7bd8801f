using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Data.Imports;
using UsersCsv = Twig.Web.Data.Imports.RosterFields;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>A OneRoster person or school already in the district (no change tracking).</summary>
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
        Id == other.Id && ExternalId == other.ExternalId && FirstName == other.FirstName && MiddleName == other.MiddleName && LastName == other.LastName
        && Email == other.Email && Username == other.Username && StudentNumber == other.StudentNumber && Grade == other.Grade
        && PasswordHash == other.PasswordHash && Roles == other.Roles && IsActive == other.IsActive && SchoolIds.SetEquals(other.SchoolIds);
}

public sealed record OrExistingSchool(int Id, string ExternalId, string Name, string? SchoolNumber, bool IsActive);

/// <summary>What a OneRoster import is planned against: only the district's OneRoster records, plus what other sources hold that matters.</summary>
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

    public KnownRecords Known => new(
        Schools.Values.Where(s => s.IsActive).Select(s => s.ExternalId).ToHashSet(StringComparer.Ordinal),
        People.Values.Where(p => p.IsActive).Select(p => p.ExternalId).ToHashSet(StringComparer.Ordinal),
        Classes.Sections.Values.Where(s => s.IsActive).Select(s => s.ExternalId).ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Whether <paramref name="other"/> holds exactly what this state holds, field by field: a plan made against one is then
    /// the plan of the other. The apply reads the district again inside its transaction and compares it with the state the
    /// package was planned against outside it.
    /// </summary>
    public bool SameAs(OneRosterState other)
    {
        if (DistrictId != other.DistrictId || ThresholdPercent != other.ThresholdPercent || Seats != other.Seats
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
            if (!other.Classes.Sections.TryGetValue(key, out var them) || section.Id != them.Id || section.Name != them.Name || section.SchoolId != them.SchoolId
                || section.Grade != them.Grade || section.Subject != them.Subject || section.IsActive != them.IsActive)
                return false;
        foreach (var (key, enrollment) in Classes.Enrollments)
            if (!other.Classes.Enrollments.TryGetValue(key, out var them) || enrollment != them) return false;
        return true;
    }

    public static async Task<OneRosterState> LoadAsync(TwigDb db, int districtId, CancellationToken token)
    {
        const RosterSource source = RosterSource.OneRoster;
        var district = await db.Districts.AsNoTracking().Where(d => d.Id == districtId)
            .Select(d => new { d.DeactivationThresholdPercent, d.RetiringRosterSource, Seats = d.Subscription == null ? 0 : d.Subscription.LicensedStudentSeats })
            .SingleAsync(token);
        var schools = await db.Schools.AsNoTracking().Where(s => s.DistrictId == districtId && s.Source == source)
            .Select(s => new OrExistingSchool(s.Id, s.ExternalId, s.Name, s.SchoolNumber, s.IsActive)).ToListAsync(token);
        var people = await db.People.AsNoTracking().Where(p => p.DistrictId == districtId && p.Source == source)
            .Select(p => new OrExistingPerson
            {
                Id = p.Id, ExternalId = p.ExternalId, FirstName = p.FirstName, MiddleName = p.MiddleName, LastName = p.LastName, Email = p.Email,
                Username = p.Username, StudentNumber = p.StudentNumber, Grade = p.Grade, PasswordHash = p.PasswordHash, Roles = p.Roles, IsActive = p.IsActive,
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
        };
    }
}

/// <summary>A person's state after the import, and whether that differs from now.</summary>
public sealed record PersonTarget(OrUser Row, OrExistingPerson? Existing, PersonRoles Roles, string? Username, bool Active, bool Changed, bool SchoolsChanged);

/// <summary>
/// Everything a package would do to the district's OneRoster records, computed in memory. Bulk files are full snapshots
/// (a record missing is deactivated); delta files change only the rows they carry (tobedeleted deactivates). Classes and
/// enrollments go through the same source-neutral <see cref="ClassPlan"/> as classes.csv, fed with the complete picture
/// after the package (for a delta: what Twig holds, with the package's changes on top).
/// </summary>
public sealed class OneRosterPlan
{
    public List<OrSchool> SchoolCreates { get; } = [];
    public List<(OrExistingSchool Existing, OrSchool Row)> SchoolUpdates { get; } = [];
    public List<OrExistingSchool> SchoolDeactivations { get; } = [];
    public List<PersonTarget> Creates { get; } = [];
    public List<PersonTarget> Updates { get; } = [];
    public List<OrExistingPerson> Deactivations { get; } = [];
    public int Reactivations { get; private set; }
    public int Unchanged { get; private set; }
    public int ActivePeopleNow { get; private set; }
    public int ActiveStudentsAfter { get; private set; }
    public int ThresholdPercent { get; private set; }
    public ClassPlan Classes { get; private set; } = null!;
    public List<PackageIssue> Warnings { get; } = [];
    public List<PackageIssue> Errors { get; } = [];

    public int DeactivationLimit => ActivePeopleNow * ThresholdPercent / 100;
    public bool NeedsConfirmation => Deactivations.Count > 0 && Deactivations.Count > DeactivationLimit;
    public bool ChangesNothing => SchoolCreates.Count == 0 && SchoolUpdates.Count == 0 && SchoolDeactivations.Count == 0 && Creates.Count == 0
        && Updates.Count == 0 && Deactivations.Count == 0 && Classes.ChangesNothing;

    public static OneRosterPlan Build(OneRosterPackage package, OneRosterState state)
    {
        var plan = new OneRosterPlan { ThresholdPercent = state.ThresholdPercent };
        plan.PlanSchools(package, state);
        plan.PlanPeople(package, state);
        plan.PlanClasses(package, state);
        return plan;
    }

    private void PlanSchools(OneRosterPackage package, OneRosterState state)
    {
        var mode = package.ModeOf(OneRosterFiles.Orgs);
        if (mode == PackageFileMode.Absent) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in package.Schools)
        {
            seen.Add(row.SourcedId);
            state.Schools.TryGetValue(row.SourcedId, out var existing);
            if (row.Deleted) { if (existing is { IsActive: true }) SchoolDeactivations.Add(existing); continue; }
            if (existing is null) SchoolCreates.Add(row);
            else if (!existing.IsActive || existing.Name != row.Name || existing.SchoolNumber != row.Identifier) SchoolUpdates.Add((existing, row));
        }
        if (mode == PackageFileMode.Bulk)
            foreach (var school in state.Schools.Values)
                if (school.IsActive && !seen.Contains(school.ExternalId)) SchoolDeactivations.Add(school);
    }

    /// <summary>The school ids a person is linked to after the import; schools created by it are linked when they exist (by sourcedId).</summary>
    private static HashSet<string> SchoolKeys(OrUser row) => row.SchoolSourcedIds.ToHashSet(StringComparer.Ordinal);

    private void PlanPeople(OneRosterPackage package, OneRosterState state)
    {
        var mode = package.ModeOf(OneRosterFiles.Users);
        ActivePeopleNow = state.People.Values.Count(p => p.IsActive);
        var schoolIdToKey = state.Schools.Values.ToDictionary(s => s.Id, s => s.ExternalId);
        var after = state.People.Values.ToDictionary(p => p.ExternalId, p => (p.IsActive, p.Roles), StringComparer.Ordinal);
        if (mode != PackageFileMode.Absent)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in package.Users)
            {
                seen.Add(row.SourcedId);
                state.People.TryGetValue(row.SourcedId, out var existing);
                if (row.Deleted)
                {
                    if (existing is { IsActive: true }) Deactivations.Add(existing);
                    if (existing is not null) after[existing.ExternalId] = (false, existing.Roles);
                    continue;
                }
                var roles = row.Roles == PersonRoles.None && existing is not null ? existing.Roles : row.Roles;
                var username = row.Username;
                if (username is not null && state.OtherUsernames.Contains(SignInName.Key(username)))
                {
                    Warnings.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, row.Row, "username",
                        $"username \"{OneRosterReader.Shown(username)}\" belongs to someone from another roster source; it was left out."));
                    username = null;
                }
                after[row.SourcedId] = (row.Enabled, roles);
                if (existing is null)
                {
                    Creates.Add(new PersonTarget(row, null, roles, username, row.Enabled, true, row.SchoolSourcedIds.Count > 0));
                    continue;
                }
                var keys = existing.SchoolIds.Select(id => schoolIdToKey.GetValueOrDefault(id)).OfType<string>().ToHashSet(StringComparer.Ordinal);
                var schoolsChanged = !keys.SetEquals(SchoolKeys(row));
                var changed = existing.FirstName != row.GivenName || existing.LastName != row.FamilyName || existing.MiddleName != row.MiddleName
                    || existing.Email != row.Email || existing.Username != username || existing.StudentNumber != row.Identifier || existing.Grade != row.Grade
                    || existing.Roles != roles || existing.IsActive != row.Enabled || schoolsChanged || row.Password is not null;
                if (!changed) { Unchanged++; continue; }
                if (existing.IsActive && !row.Enabled) Deactivations.Add(existing);
                else if (!existing.IsActive && row.Enabled) Reactivations++;
                Updates.Add(new PersonTarget(row, existing, roles, username, row.Enabled, true, schoolsChanged));
            }
            if (mode == PackageFileMode.Bulk)
                foreach (var person in state.People.Values)
                    if (person.IsActive && !seen.Contains(person.ExternalId))
                    {
                        Deactivations.Add(person);
                        after[person.ExternalId] = (false, person.Roles);
                    }
        }
        ActiveStudentsAfter = state.OtherActiveStudents + after.Values.Count(p => ActiveStudent.Is(p.IsActive, p.Roles));
        _activeAfter = after.Where(p => p.Value.IsActive).ToDictionary(p => p.Key, p => p.Value.Roles, StringComparer.Ordinal);
    }

    private Dictionary<string, PersonRoles> _activeAfter = new(StringComparer.Ordinal);

    private void PlanClasses(OneRosterPackage package, OneRosterState state)
    {
        var classMode = package.ModeOf(OneRosterFiles.Classes);
        var enrollmentMode = package.ModeOf(OneRosterFiles.Enrollments);
        var existing = state.Classes;
        var schoolKeyOf = state.Schools.Values.ToDictionary(s => s.Id, s => s.ExternalId);

        // The classes after the package: a bulk file is the list; otherwise Twig's active classes with the file's changes.
        var classes = new Dictionary<string, (int Row, string Title, string School, string? Grade, string? Subject)>(StringComparer.Ordinal);
        if (classMode != PackageFileMode.Bulk)
            foreach (var section in existing.Sections.Values)
                if (section.IsActive && section.SchoolId is { } id && schoolKeyOf.TryGetValue(id, out var key))
                    classes[section.ExternalId] = (0, section.Name, key, section.Grade, section.Subject);
        foreach (var row in package.Classes)
        {
            if (row.Deleted) classes.Remove(row.SourcedId);
            else classes[row.SourcedId] = (row.Row, row.Title, row.SchoolSourcedId, row.Grade, row.Subject);
        }

        var enrollments = new HashSet<EnrollmentKey>();
        if (enrollmentMode != PackageFileMode.Bulk)
            foreach (var (key, enrollment) in existing.Enrollments)
                if (enrollment.IsActive) enrollments.Add(key);
        foreach (var row in package.Enrollments)
        {
            var key = new EnrollmentKey(row.ClassSourcedId, row.UserSourcedId, row.Role);
            if (row.Deleted) enrollments.Remove(key);
            else enrollments.Add(key);
        }

        // Enrollments of people or classes that are gone after the package go with them (never an error: the package said so).
        var dropped = 0;
        var teachers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var students = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var key in enrollments)
        {
            if (!classes.ContainsKey(key.ClassId) || !_activeAfter.ContainsKey(key.PersonId)) { dropped++; continue; }
            var map = key.Role == EnrollmentRole.Teacher ? teachers : students;
            if (!map.TryGetValue(key.ClassId, out var list)) map[key.ClassId] = list = [];
            list.Add(key.PersonId);
        }
        if (dropped > 0 && enrollmentMode != PackageFileMode.Absent)
            Warnings.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Enrollments, null, null,
                $"{dropped:N0} enrollments of people who are disabled or removed (or of removed classes) were left out."));

        var rows = classes.Select(c => new ClassRow(c.Value.Row, c.Key, c.Value.Title, c.Value.School, c.Value.Grade, c.Value.Subject,
            teachers.GetValueOrDefault(c.Key) ?? [], students.GetValueOrDefault(c.Key) ?? [])).ToList();
        var schools = new Dictionary<string, int>(StringComparer.Ordinal);
        var deactivated = SchoolDeactivations.Select(s => s.ExternalId).ToHashSet(StringComparer.Ordinal);
        foreach (var school in state.Schools.Values)
            if ((school.IsActive || SchoolUpdates.Any(u => u.Existing.Id == school.Id)) && !deactivated.Contains(school.ExternalId)) schools[school.ExternalId] = school.Id;
        var input = new ClassPlanInput
        {
            Existing = existing,
            People = _activeAfter,
            Schools = schools,
            NewSchools = SchoolCreates.Select(s => s.SourcedId).ToHashSet(StringComparer.Ordinal),
            SchoolKey = key => key,
            FileName = OneRosterFiles.Classes,
            PeopleFileName = OneRosterFiles.Users,
            SchoolColumn = "schoolSourcedId",
            TeacherColumn = "userSourcedId",
            StudentColumn = "userSourcedId",
        };
        Classes = ClassPlan.Build(rows, [], input);
        foreach (var error in Classes.Errors)
            Errors.Add(new PackageIssue(IssueSeverity.Error, error.File ?? OneRosterFiles.Classes, error.Row, error.Column, error.Message));
    }
}
