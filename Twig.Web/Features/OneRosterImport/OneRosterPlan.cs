using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>A person's state after the import, and whether that differs from now.</summary>
public sealed record PersonTarget
{
    public required OrUser Row { get; init; }
    /// <summary>The person now, or null for a person the import creates.</summary>
    public OrExistingPerson? Existing { get; init; }
    public PersonRoles Roles { get; init; }
    /// <summary>The username to store: the row's, unless another roster source holds it.</summary>
    public string? Username { get; init; }
    public bool Active { get; init; }
    public bool SchoolsChanged { get; init; }
}

/// <summary>
/// Everything a package would do to the district's OneRoster records, computed in memory. Bulk files are full snapshots
/// (a record missing is deactivated); delta files change only the rows they carry (tobedeleted deactivates). Classes and
/// enrollments go through the same source-neutral <see cref="ClassPlan"/> as classes.csv, fed with the complete picture
/// after the package (for a delta: what Twig holds, with the package's changes on top).
/// </summary>
public sealed partial class OneRosterPlan
{
    public List<OrSchool> SchoolCreates { get; } = [];
    public List<(OrExistingSchool Existing, OrSchool Row)> SchoolUpdates { get; } = [];
    public List<OrExistingSchool> SchoolDeactivations { get; } = [];
    public List<PersonTarget> Creates { get; } = [];
    public List<PersonTarget> Updates { get; } = [];
    public List<OrExistingPerson> Deactivations { get; } = [];
    /// <summary>People who are inactive after the package and lose their username to someone the package names.</summary>
    public List<OrExistingPerson> UsernamesFreed { get; } = [];
    public int Reactivations { get; private set; }
    public int Unchanged { get; private set; }
    public int ActivePeopleNow { get; private set; }
    public int ActiveStudentsAfter { get; private set; }
    public int ThresholdPercent { get; private set; }
    public ClassPlan Classes { get; private set; } = null!;
    public List<PackageIssue> Warnings { get; } = [];
    public List<PackageIssue> Errors { get; } = [];

    public bool ChangesNothing => SchoolCreates.Count == 0 && SchoolUpdates.Count == 0 && SchoolDeactivations.Count == 0
        && Creates.Count == 0
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
        ActiveSchoolsNow = state.Schools.Values.Count(s => s.IsActive);
        var mode = package.ModeOf(OneRosterFiles.Orgs);
        if (mode == PackageFileMode.Absent) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in package.Schools)
        {
            seen.Add(row.SourcedId);
            state.Schools.TryGetValue(row.SourcedId, out var existing);
            if (row.Deleted) { if (existing is { IsActive: true }) SchoolDeactivations.Add(existing); continue; }
            if (existing is null) SchoolCreates.Add(row);
            else if (!existing.IsActive || existing.Name != row.Name || existing.SchoolNumber != row.Identifier)
                SchoolUpdates.Add((existing, row));
        }
        if (mode == PackageFileMode.Bulk)
            foreach (var school in state.Schools.Values)
                if (school.IsActive && !seen.Contains(school.ExternalId)) SchoolDeactivations.Add(school);
    }

    /// <summary>The school ids a person is linked to after the import; schools created by it are linked when they exist (by
    /// sourcedId).</summary>
    private static HashSet<string> SchoolKeys(OrUser row) => row.SchoolSourcedIds.ToHashSet(StringComparer.Ordinal);

    private void PlanPeople(OneRosterPackage package, OneRosterState state)
    {
        var mode = package.ModeOf(OneRosterFiles.Users);
        ActivePeopleNow = state.People.Values.Count(p => p.IsActive);
        var schoolIdToKey = state.Schools.Values.ToDictionary(s => s.Id, s => s.ExternalId);
        var after = state.People.Values.ToDictionary(p => p.ExternalId, p => (p.IsActive, p.Roles), StringComparer.Ordinal);
        if (mode != PackageFileMode.Absent)
        {
            var holders = UsernameHolders(package, state, mode);
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
                var change = package.RolesByChange
                    ? new RoleChange(row.Roles, row.RolesRemoved)
                    {
                        SchoolsAdded = row.SchoolSourcedIds, SchoolsRemoved = row.SchoolsRemoved,
                    }
                    : null;
                var roles = existing is null ? row.Roles
                    : change is not null ? change.Apply(existing.Roles)
                    : row.Roles == PersonRoles.None ? existing.Roles
                    : AdministratorScope.Kept(row.Roles, existing.Roles, linkedToSchool: row.SchoolSourcedIds.Count > 0);
                var username = UsernameFor(row, state, holders);
                after[row.SourcedId] = (row.Enabled, roles);
                if (existing is null)
                {
                    Creates.Add(new PersonTarget
                    {
                        Row = row, Roles = roles, Username = username, Active = row.Enabled,
                        SchoolsChanged = row.SchoolSourcedIds.Count > 0,
                    });
                    continue;
                }
                var keys = existing.SchoolIds.Select(id => schoolIdToKey.GetValueOrDefault(id)).OfType<string>()
                    .ToHashSet(StringComparer.Ordinal);
                // Roles by change: the person's schools are those Twig holds with the package's role rows applied.
                var target = change is null ? row : row with { SchoolSourcedIds = change.Apply(keys) };
                var schoolsChanged = !keys.SetEquals(SchoolKeys(target));
                var changed = existing.FirstName != row.GivenName || existing.LastName != row.FamilyName
                    || existing.MiddleName != row.MiddleName
                    || existing.Email != row.Email || existing.Username != username || existing.StudentNumber != row.Identifier
                    || existing.Grade != row.Grade
                    || existing.Roles != roles || existing.IsActive != row.Enabled || schoolsChanged || row.Password is not null;
                if (!changed) { Unchanged++; continue; }
                if (existing.IsActive && !row.Enabled) Deactivations.Add(existing);
                else if (!existing.IsActive && row.Enabled) Reactivations++;
                Updates.Add(new PersonTarget
                {
                    Row = target, Existing = existing, Roles = roles, Username = username, Active = row.Enabled,
                    SchoolsChanged = schoolsChanged,
                });
            }
            if (mode == PackageFileMode.Bulk)
                foreach (var person in state.People.Values)
                    if (person.IsActive && !seen.Contains(person.ExternalId))
                    {
                        Deactivations.Add(person);
                        after[person.ExternalId] = (false, person.Roles);
                    }
        }
        PlanRoleChanges(package, state, schoolIdToKey, after);
        ActiveStudentsAfter = state.OtherActiveStudents + after.Values.Count(p => ActiveStudent.Is(p.IsActive, p.Roles));
        _activeAfter = after.Where(p => p.Value.IsActive).ToDictionary(p => p.Key, p => p.Value.Roles, StringComparer.Ordinal);
    }

    private Dictionary<string, PersonRoles> _activeAfter = new(StringComparer.Ordinal);

    /// <summary>
    /// A 1.2 delta of roles.csv for people users.csv does not carry: each one whose roles or schools change is updated, every
    /// other field as Twig holds it.
    /// </summary>
    private void PlanRoleChanges(OneRosterPackage package, OneRosterState state, Dictionary<int, string> schoolKeys,
        Dictionary<string, (bool IsActive, PersonRoles Roles)> after)
    {
        foreach (var (id, change) in package.RoleChanges)
        {
            if (!state.People.TryGetValue(id, out var person)) continue;
            var roles = change.Apply(person.Roles);
            var held = person.SchoolIds.Select(schoolKeys.GetValueOrDefault).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var schools = change.Apply(held);
            var schoolsChanged = !held.SetEquals(schools);
            if (roles == person.Roles && !schoolsChanged) continue;
            var row = new OrUser
            {
                Row = 0, SourcedId = id, Enabled = person.IsActive, Roles = roles, GivenName = person.FirstName,
                FamilyName = person.LastName, MiddleName = person.MiddleName, Username = person.Username,
                Identifier = person.StudentNumber, Email = person.Email, Grade = person.Grade, SchoolSourcedIds = schools,
            };
            Updates.Add(new PersonTarget
            {
                Row = row, Existing = person, Roles = roles, Username = person.Username, Active = person.IsActive,
                SchoolsChanged = schoolsChanged,
            });
            after[id] = (person.IsActive, roles);
        }
    }

    /// <summary>
    /// The district's OneRoster people who keep their username whatever the package's rows say (none of its rows gives them
    /// one), by username key, and whether they are active after it. The file's own rows are checked against each other when
    /// read.
    /// </summary>
    private static Dictionary<string, (OrExistingPerson Person, bool ActiveAfter)> UsernameHolders(OneRosterPackage package,
        OneRosterState state, PackageFileMode mode)
    {
        var rows = package.Users.ToDictionary(u => u.SourcedId, u => u.Deleted, StringComparer.Ordinal);
        var holders = new Dictionary<string, (OrExistingPerson, bool)>(StringComparer.Ordinal);
        foreach (var person in state.People.Values)
        {
            if (person.Username is null || rows.TryGetValue(person.ExternalId, out var deleted) && !deleted) continue;
            // A bulk file deactivates whoever it leaves out; a delta deactivates whom it deletes.
            var activeAfter = person.IsActive && mode != PackageFileMode.Bulk && !rows.ContainsKey(person.ExternalId);
            holders[SignInName.Key(person.Username)] = (person, activeAfter);
        }
        return holders;
    }

    /// <summary>
    /// The username the row's person gets. One held by another roster source, or by another active OneRoster person, is left
    /// out; one held by a OneRoster person who is inactive after the package (a student re-keyed by the SIS, a leaver whose
    /// name is reused) moves to the row's person.
    /// </summary>
    private string? UsernameFor(OrUser row, OneRosterState state,
        Dictionary<string, (OrExistingPerson Person, bool ActiveAfter)> holders)
    {
        if (row.Username is not { } username) return null;
        var shown = OneRosterReader.Shown(username);
        var key = SignInName.Key(username);
        if (state.OtherUsernames.Contains(key))
        {
            Warnings.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, row.Row, "username",
                $"username \"{shown}\" belongs to someone from another roster source; it was left out."));
            return null;
        }
        if (!holders.TryGetValue(key, out var holder)) return username;
        var other = OneRosterReader.Shown(holder.Person.ExternalId);
        if (holder.ActiveAfter)
        {
            Warnings.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, row.Row, "username",
                $"username \"{shown}\" belongs to \"{other}\", who stays active; it was left out."));
            return null;
        }
        UsernamesFreed.Add(holder.Person);
        holders.Remove(key);
        Warnings.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, row.Row, "username",
            $"username \"{shown}\" moves to this person from \"{other}\", who is inactive after this package."));
        return username;
    }
}
