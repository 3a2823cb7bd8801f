using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Infrastructure.Web.Times;
using static Twig.Web.Features.OneRosterImport.OneRosterReader;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>users.csv: the people Twig keeps, with their roles, sign-in names and schools.</summary>
internal sealed partial class PackageRows
{
    private void ReadUsers(Dictionary<string, PersonRoles>? roles12)
    {
        var required = manifest.Version == "1.2" ? OneRosterFiles.UsersRequired12 : OneRosterFiles.UsersRequired11;
        using var table = Open(OneRosterFiles.Users, required, OneRosterFiles.UsersOptional);
        if (table is null) return;
        var delta = manifest.ModeOf(OneRosterFiles.Users) == PackageFileMode.Delta;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var usernames = new Dictionary<string, (int Row, string Id)>(StringComparer.Ordinal);
        var ignoredPasswords = 0;
        var ignoredRoles = 0;
        var endedRoles = 0;
        void Refuse(string id, string column, string message)
        {
            table.Error(column, message);
            _refusedUsers.TryAdd(id, table.Row);
        }
        while (table.Read())
        {
            var id = SourcedId(table, "sourcedId", seen);
            if (id is null)
            {
                // A sourcedId too long to store: the person is refused, not missing (a repeated one's first row stands).
                if (table.Get("sourcedId") is { Length: > 0 } refused && !seen.Contains(refused)) _refusedUsers.TryAdd(refused, table.Row);
                continue;
            }
            if (Deleted(table))
            {
                _deletedUsers.Add(id);
                _users.Add(new OrUser { Row = table.Row, SourcedId = id, Deleted = true });
                continue;
            }

            PersonRoles role;
            if (manifest.Version == "1.2")
            {
                // A delta may change a person's name without resending their roles (or with roles.csv absent): the roles Twig
                // holds stay, changed by what a delta of roles.csv adds and takes away.
                var held = delta && known.Users.Contains(id);
                if (roles12 is null || !roles12.TryGetValue(id, out role))
                {
                    if (!held && _endedRoleUsers.Contains(id))
                    {
                        // Every role they had here ended: they are no longer the district's, not an error in the export.
                        endedRoles++;
                        _ignoredUsers.Add(id);
                        continue;
                    }
                    if (!held)
                    {
                        Refuse(id, "sourcedId", roles12 is null
                            ? $"The person \"{Shown(id)}\" is new to Twig, and this delta sends no roles.csv to give them a role."
                            : $"The person \"{Shown(id)}\" has no role in roles.csv.");
                        continue;
                    }
                    role = PersonRoles.None;
                }
                else if (role == PersonRoles.None && !held) { ignoredRoles++; _ignoredUsers.Add(id); continue; }
            }
            else
            {
                var text = table.Get("role");
                if (text.Length == 0) { Refuse(id, "role", "role is required."); continue; }
                if (!OneRosterFiles.IsKnownRole(text))
                    table.Warning("role", $"role \"{Shown(text)}\" is not a OneRoster role; the person was not imported.");
                role = OneRosterFiles.MapRole(text);
                // Guardians, aides and the like: Twig keeps no record of them (least data), and says so once.
                if (role == PersonRoles.None) { ignoredRoles++; _ignoredUsers.Add(id); continue; }
            }

            var given = table.Get("givenName");
            var family = table.Get("familyName");
            if (given.Length == 0) Refuse(id, "givenName", "givenName is required.");
            if (family.Length == 0) Refuse(id, "familyName", "familyName is required.");
            if (given.Length == 0 || family.Length == 0) continue;

            var enabledText = table.Get("enabledUser");
            var enabled = Flag(enabledText) ?? true;
            if (enabledText.Length > 0 && Flag(enabledText) is null)
                table.Warning("enabledUser", $"enabledUser \"{Shown(enabledText)}\" is not true or false; the person was read as enabled.");

            var username = table.Optional("username");
            if (username is not null)
            {
                if (username.Length > Lengths.Username || !IsUsername(username))
                {
                    table.Warning("username", $"username \"{Shown(username)}\" cannot be used to sign in to Twig " +
                        $"(up to {Lengths.Username} letters, digits and . _ @ + -); it was left out.");
                    username = null;
                }
                else if (usernames.TryGetValue(SignInName.Key(username), out var first))
                {
                    // SIS data the district cannot easily edit: as for a username someone in Twig holds (OneRosterPlan.UsernameFor),
                    // the later row's person comes in without it rather than refusing the package.
                    table.Warning("username", $"username \"{Shown(username)}\" belongs to \"{Shown(first.Id)}\" (row {first.Row}; " +
                        "upper/lower case ignored); it was left out.");
                    username = null;
                }
                else usernames[SignInName.Key(username)] = (table.Row, id);
            }

            var email = table.Optional("email");
            if (email is not null && !RosterFields.IsEmail(email))
            {
                table.Warning("email", $"\"{Shown(email)}\" is not a valid e-mail address; it was left out.");
                email = null;
            }

            var password = table.Optional("password");
            if (password is not null && !allowPasswords) { ignoredPasswords++; password = null; }
            else if (password is not null && (password.Length < RosterFields.MinPasswordLength
                || password.Length > RosterFields.MaxPasswordLength))
            {
                // A K-2 class's four-digit PINs must not refuse the district's whole roster: the person comes in without it.
                // The message never quotes the password.
                table.Warning("password",
                    $"The password must be {RosterFields.MinPasswordLength} to {RosterFields.MaxPasswordLength} characters; " +
                    "the person was imported without it (a password they already have stays).");
                password = null;
            }

            var orgs = new List<string>();
            var roleOrgs = _roleOrgs.TryGetValue(id, out var fromRoles) ? fromRoles : [];
            foreach (var org in Split(table.Get("orgSourcedIds")).Append(table.Get("primaryOrgSourcedId")).Concat(roleOrgs))
                if (org.Length > 0 && !orgs.Contains(org)) orgs.Add(org);
            var grade = Split(table.Get("grades")).FirstOrDefault();

            _liveUsers[id] = role;
            _users.Add(new OrUser
            {
                Row = table.Row,
                SourcedId = id,
                Enabled = enabled,
                Roles = role,
                RolesRemoved = _removedRoles.GetValueOrDefault(id),
                SchoolsRemoved = SchoolsRemoved(id),
                GivenName = Clip(table, "givenName", given, Lengths.FirstName)!,
                FamilyName = Clip(table, "familyName", family, Lengths.LastName)!,
                MiddleName = Clip(table, "middleName", table.Optional("middleName"), Lengths.MiddleName),
                Username = username,
                Identifier = Clip(table, "identifier", table.Optional("identifier"), Lengths.StudentNumber),
                Email = email,
                Grade = Clip(table, "grades", grade, Lengths.Grade),
                SchoolSourcedIds = orgs,
                Password = password,
            });
        }
        _rows += table.RowCount;
        if (ignoredRoles > 0)
            issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, null, "role",
                $"{ignoredRoles:N0} people with roles Twig does not serve (guardians, parents, aides, …) were not imported."));
        if (endedRoles > 0)
            issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, null, "sourcedId",
                $"{Counted.Of(endedRoles, "person", "people")} whose every role in roles.csv ended before today " +
                $"({DisplayTime.Day(today)}) {(endedRoles == 1 ? "was" : "were")} not imported."));
        if (ignoredPasswords > 0)
            issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, null, "password",
                $"{ignoredPasswords:N0} passwords in the file were ignored: " +
                "Twig takes passwords from a package only when the district asks for it on this upload."));
        CheckUserOrgs();
    }

    /// <summary>
    /// A person's schools must be schools: an unknown org is a warning (it is not a required reference), and the link is dropped.
    /// An administrator whose every org is the district org is the district's administrator (<see cref="AdministratorScope"/>).
    /// </summary>
    private void CheckUserOrgs()
    {
        for (var i = 0; i < _users.Count; i++)
        {
            var user = _users[i];
            if (user.Deleted || user.SchoolSourcedIds.Count == 0) continue;
            var schools = new List<string>();
            var onlyDistrict = true;
            foreach (var org in user.SchoolSourcedIds)
            {
                onlyDistrict &= _orgTypes.GetValueOrDefault(org) == "district" && !_deletedOrgs.Contains(org);
                if (IsLiveSchool(org)) schools.Add(org);
                else if (Closed(org) is { } closed)
                    issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, user.Row, "orgSourcedIds",
                        $"{closed}; the person was not linked to it."));
                else if (!_orgTypes.ContainsKey(org) && !known.Schools.Contains(org)
                         && !Unread(OneRosterFiles.Orgs, OneRosterFiles.Users, "orgSourcedIds"))
                    issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, user.Row, "orgSourcedIds",
                        $"The org {Unknown(org)}; the person was not linked to it."));
            }
            var roles = onlyDistrict ? AdministratorScope.OfTheDistrict(user.Roles) : user.Roles;
            _users[i] = user with { SchoolSourcedIds = schools, Roles = roles };
        }
    }
}
