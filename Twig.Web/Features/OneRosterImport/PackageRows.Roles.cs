using Twig.Web.Domain;
using static Twig.Web.Features.OneRosterImport.OneRosterReader;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// roles.csv (1.2): each person's roles and the orgs they hold them in. Read as a change (a delta, or absent), a role row's
/// org is a school the person gains or, deleted, loses; their other schools stay as Twig holds them.
/// </summary>
internal sealed partial class PackageRows
{
    private readonly Dictionary<string, List<string>> _roleOrgs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PersonRoles> _removedRoles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _removedRoleOrgs = new(StringComparer.Ordinal);
    /// <summary>People with a role row that ended (endDate before today): with no other role, they hold none now.</summary>
    private readonly HashSet<string> _endedRoleUsers = new(StringComparer.Ordinal);

    /// <summary>1.2: each person's roles, from roles.csv (Twig's roles only; a person may hold several).</summary>
    private Dictionary<string, PersonRoles>? ReadRoles()
    {
        using var table = Open(OneRosterFiles.Roles, OneRosterFiles.RolesRequired, OneRosterFiles.RolesOptional);
        if (table is null) return null;
        var roles = new Dictionary<string, PersonRoles>(StringComparer.Ordinal);
        var (beginColumn, endColumn) = (table.Ordinal("beginDate"), table.Ordinal("endDate"));
        var ended = 0;
        while (table.Read())
        {
            var user = table.Get("userSourcedId");
            if (user.Length == 0) { table.Error("userSourcedId", "userSourcedId is required."); continue; }
            var role = table.Get("role");
            var mapped = OneRosterFiles.MapRole(role);
            // Only a role Twig serves gives (or takes away) a school: a parent or aide row at a school must not show an
            // administrator that school's roster.
            var org = mapped == PersonRoles.None ? "" : table.Get("orgSourcedId");
            var deleted = Deleted(table);
            if (!deleted && Ended(table, beginColumn, endColumn, "role"))
            {
                // A role that ended is not held: absent from a bulk file, taken away by a delta as a tobedeleted row is.
                ended++;
                _endedRoleUsers.Add(user);
                if (manifest.ModeOf(OneRosterFiles.Roles) == PackageFileMode.Bulk) continue;
                deleted = true;
            }
            if (deleted)
            {
                // In a delta, a role taken away (unless another row of the file gives it again); a bulk file is the whole list.
                _removedRoles[user] = _removedRoles.GetValueOrDefault(user) | AdministratorScope.Removed(mapped);
                AddOrg(_removedRoleOrgs, user, org);
                continue;
            }
            if (!OneRosterFiles.IsKnownRole(role))
                table.Warning("role", $"role \"{Shown(role)}\" is not a OneRoster role; the row was ignored.");
            roles[user] = roles.GetValueOrDefault(user) | mapped;
            AddOrg(_roleOrgs, user, org);
        }
        _rows += table.RowCount;
        WarnEnded(OneRosterFiles.Roles, ended, "role");
        foreach (var (user, given) in roles)
            if (_removedRoles.TryGetValue(user, out var removed)) _removedRoles[user] = removed & ~given;
        // A school another row of the file gives again (a role ended, another begun there) stays.
        foreach (var (user, orgs) in _removedRoleOrgs)
            if (_roleOrgs.TryGetValue(user, out var kept)) orgs.RemoveAll(kept.Contains);
        return roles;
    }

    private static void AddOrg(Dictionary<string, List<string>> orgsOf, string user, string org)
    {
        if (org.Length == 0) return;
        if (!orgsOf.TryGetValue(user, out var orgs)) orgsOf[user] = orgs = [];
        if (!orgs.Contains(org)) orgs.Add(org);
    }

    /// <summary>The schools a person's deleted role rows take away (none outside a 1.2 delta of roles.csv).</summary>
    private IReadOnlyList<string> SchoolsRemoved(string user) => _removedRoleOrgs.TryGetValue(user, out var orgs) ? orgs : [];

    /// <summary>
    /// A 1.2 delta of roles.csv without the people's users.csv rows: the roles and schools it adds and takes away for each
    /// person Twig holds.
    /// </summary>
    private Dictionary<string, RoleChange> RoleChangesOutsideUsers(Dictionary<string, PersonRoles>? added)
    {
        var changes = new Dictionary<string, RoleChange>(StringComparer.Ordinal);
        if (manifest.ModeOf(OneRosterFiles.Roles) != PackageFileMode.Delta || added is null) return changes;
        var inUsers = _users.Select(u => u.SourcedId).ToHashSet(StringComparer.Ordinal);
        foreach (var id in added.Keys.Concat(_removedRoles.Keys).Concat(_removedRoleOrgs.Keys).Distinct(StringComparer.Ordinal))
            if (!inUsers.Contains(id) && known.Users.Contains(id))
                changes[id] = new RoleChange(added.GetValueOrDefault(id), _removedRoles.GetValueOrDefault(id))
                {
                    SchoolsAdded = (_roleOrgs.GetValueOrDefault(id) ?? []).Where(IsLiveSchool).ToList(),
                    SchoolsRemoved = SchoolsRemoved(id),
                };
        return changes;
    }
}
