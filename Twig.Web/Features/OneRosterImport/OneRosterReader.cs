using Twig.Web.Data;
using Twig.Web.Domain;
using UsersCsv = Twig.Web.Data.Imports.RosterFields;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// Reads a OneRoster 1.1 or 1.2 CSV package into what Twig keeps and checks it whole: the zip, the manifest, every
/// row, and every reference between files (or, for a delta, to records Twig already holds). Nothing is written here;
/// any error means the package is refused as a whole.
/// </summary>
public static class OneRosterReader
{
    public static OneRosterPackage Read(byte[] zip, OneRosterOptions limits, KnownRecords known, bool allowPasswords)
    {
        var zipped = PackageZip.Open(zip, limits, OneRosterFiles.Read);
        if (zipped.Refusal is not null) return OneRosterPackage.Refused(new PackageIssue(IssueSeverity.Error, null, null, null, zipped.Refusal));
        if (!zipped.Files.TryGetValue(OneRosterFiles.Manifest, out var manifestBytes))
            return OneRosterPackage.Refused(new PackageIssue(IssueSeverity.Error, OneRosterFiles.Manifest, null, null,
                "The .zip has no manifest.csv at its root, so it is not a OneRoster package. Export a OneRoster 1.1 or 1.2 CSV package (it always holds manifest.csv)."));

        var issues = new List<PackageIssue>();
        var manifest = PackageManifest.Read(manifestBytes, issues);
        if (manifest is null) return new OneRosterPackage("", new Dictionary<string, PackageFileMode>(), [], [], [], [], issues, 0);

        foreach (var (file, mode) in manifest.Modes)
        {
            if (mode == PackageFileMode.Absent) continue;
            if (!zipped.Names.Contains(file))
                issues.Add(new PackageIssue(IssueSeverity.Error, OneRosterFiles.Manifest, null, "file." + file[..^4],
                    $"The manifest sends {file} as {mode.ToString().ToLowerInvariant()}, but the .zip has no {file}."));
        }
        foreach (var name in zipped.Names)
        {
            if (name == OneRosterFiles.Manifest || !name.EndsWith(".csv", StringComparison.Ordinal)) continue;
            if (manifest.ModeOf(name) == PackageFileMode.Absent && OneRosterFiles.Read.Contains(name))
                issues.Add(new PackageIssue(IssueSeverity.Warning, name, null, null, $"The manifest marks {name} absent, so the file in the .zip was not read."));
        }
        if (manifest.ModeOf(OneRosterFiles.Users) != PackageFileMode.Absent && manifest.Version == "1.2" && manifest.ModeOf(OneRosterFiles.Roles) == PackageFileMode.Absent)
            issues.Add(new PackageIssue(IssueSeverity.Error, OneRosterFiles.Manifest, null, "file.roles",
                "A OneRoster 1.2 package gives people's roles in roles.csv, but the manifest marks roles.csv absent."));
        if (issues.Any(i => i.Severity == IssueSeverity.Error))
            return new OneRosterPackage(manifest.Version, manifest.Modes, [], [], [], [], issues, 0);

        var reader = new Rows(manifest, zipped.Files, issues, limits.MaxRowsPerFile, known, allowPasswords);
        return reader.ReadAll();
    }

    /// <summary>The state of one read: what each file said, so later files can be checked against earlier ones.</summary>
    private sealed class Rows(PackageManifest manifest, IReadOnlyDictionary<string, byte[]> files, List<PackageIssue> issues, int maxRows,
        KnownRecords known, bool allowPasswords)
    {
        private readonly Dictionary<string, string> _orgTypes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _deletedOrgs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, PersonRoles> _liveUsers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _roleOrgs = new(StringComparer.Ordinal);
        private readonly HashSet<string> _ignoredUsers = new(StringComparer.Ordinal);
        private readonly HashSet<string> _deletedUsers = new(StringComparer.Ordinal);
        private readonly HashSet<string> _liveClasses = new(StringComparer.Ordinal);
        private readonly HashSet<string> _deletedClasses = new(StringComparer.Ordinal);
        private readonly List<OrSchool> _schools = [];
        private readonly List<OrUser> _users = [];
        private readonly List<OrClass> _classes = [];
        private readonly List<OrEnrollment> _enrollments = [];
        private int _rows;

        public OneRosterPackage ReadAll()
        {
            ReadOrgs();
            var roles = manifest.Version == "1.2" ? ReadRoles() : null;
            ReadUsers(roles);
            ReadOptional(OneRosterFiles.Courses, OneRosterFiles.CoursesRequired, OneRosterFiles.CoursesOptional);
            ReadOptional(OneRosterFiles.AcademicSessions, OneRosterFiles.SessionsRequired, OneRosterFiles.SessionsOptional);
            ReadClasses();
            ReadEnrollments();
            return new OneRosterPackage(manifest.Version, manifest.Modes, _schools, _users, _classes, _enrollments, issues, _rows);
        }

        private PackageTable? Open(string file, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional)
        {
            var mode = manifest.ModeOf(file);
            if (mode == PackageFileMode.Absent || !files.TryGetValue(file, out var content)) return null;
            // A delta row without its status cannot say whether it is a change or a deletion.
            var needed = mode == PackageFileMode.Delta ? required.Append("status").ToList() : required;
            return PackageTable.Open(file, content, needed, optional, issues, maxRows);
        }

        /// <summary>The row's status: false for active (or blank), true for tobedeleted; anything else is read as active, with a warning.</summary>
        private static bool Deleted(PackageTable table)
        {
            var status = table.Span(table.Ordinal("status"));
            if (status.Length == 0 || status.SequenceEqual("active")) return false;
            if (status.SequenceEqual("tobedeleted")) return true;
            table.Warning("status", $"status \"{Shown(status.ToString())}\" is not active or tobedeleted; the row was read as active.");
            return false;
        }

        /// <summary>The row's sourcedId, or null (with an error) when it is missing, too long, or already used in this file.</summary>
        private static string? SourcedId(PackageTable table, string column, HashSet<string> seen)
        {
            var id = table.Get(column);
            if (id.Length == 0) { table.Error(column, $"{column} is required."); return null; }
            if (id.Length > Lengths.ExternalId) { table.Error(column, $"{column} is {id.Length:N0} characters, longer than the {Lengths.ExternalId} Twig stores."); return null; }
            if (!seen.Add(id)) { table.Error(column, $"{column} \"{Shown(id)}\" appears more than once in this file; each record appears once."); return null; }
            return id;
        }

        private void ReadOrgs()
        {
            using var table = Open(OneRosterFiles.Orgs, OneRosterFiles.OrgsRequired, OneRosterFiles.OrgsOptional);
            if (table is null) return;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (table.Read())
            {
                var id = SourcedId(table, "sourcedId", seen);
                if (id is null) continue;
                var deleted = Deleted(table);
                var type = table.Get("type");
                if (deleted)
                {
                    _deletedOrgs.Add(id);
                    if (known.Schools.Contains(id) || type == "school") _schools.Add(new OrSchool(table.Row, id, true, "", null));
                    continue;
                }
                var name = table.Get("name");
                if (name.Length == 0) { table.Error("name", "name is required."); continue; }
                if (type.Length == 0) { table.Error("type", "type is required (school, district, …)."); continue; }
                _orgTypes[id] = type;
                if (type != "school") continue;
                _schools.Add(new OrSchool(table.Row, id, false, Clip(table, "name", name, Lengths.SchoolName)!, Clip(table, "identifier", table.Optional("identifier"), Lengths.SchoolNumber)));
            }
            _rows += table.RowCount;
        }

        /// <summary>1.2: each person's roles, from roles.csv (Twig's roles only; a person may hold several).</summary>
        private Dictionary<string, PersonRoles>? ReadRoles()
        {
            using var table = Open(OneRosterFiles.Roles, OneRosterFiles.RolesRequired, OneRosterFiles.RolesOptional);
            if (table is null) return null;
            var roles = new Dictionary<string, PersonRoles>(StringComparer.Ordinal);
            while (table.Read())
            {
                var user = table.Get("userSourcedId");
                if (user.Length == 0) { table.Error("userSourcedId", "userSourcedId is required."); continue; }
                if (Deleted(table)) continue;
                var role = table.Get("role");
                if (!OneRosterFiles.IsKnownRole(role)) table.Warning("role", $"role \"{Shown(role)}\" is not a OneRoster role; the row was ignored.");
                roles[user] = roles.GetValueOrDefault(user) | OneRosterFiles.MapRole(role);
                var org = table.Get("orgSourcedId");
                if (org.Length == 0) continue;
                if (!_roleOrgs.TryGetValue(user, out var orgs)) _roleOrgs[user] = orgs = [];
                if (!orgs.Contains(org)) orgs.Add(org);
            }
            _rows += table.RowCount;
            return roles;
        }

        private void ReadUsers(Dictionary<string, PersonRoles>? roles12)
        {
            using var table = Open(OneRosterFiles.Users, manifest.Version == "1.2" ? OneRosterFiles.UsersRequired12 : OneRosterFiles.UsersRequired11, OneRosterFiles.UsersOptional);
            if (table is null) return;
            var delta = manifest.ModeOf(OneRosterFiles.Users) == PackageFileMode.Delta;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var usernames = new Dictionary<string, int>(StringComparer.Ordinal);
            var ignoredPasswords = 0;
            var ignoredRoles = 0;
            while (table.Read())
            {
                var id = SourcedId(table, "sourcedId", seen);
                if (id is null) continue;
                if (Deleted(table))
                {
                    _deletedUsers.Add(id);
                    _users.Add(new OrUser(table.Row, id, true, false, PersonRoles.None, "", "", null, null, null, null, null, [], null));
                    continue;
                }

                PersonRoles role;
                if (roles12 is not null)
                {
                    if (!roles12.TryGetValue(id, out role))
                    {
                        // A delta may change a person's name without resending their roles: the roles Twig holds stay.
                        if (!(delta && known.Users.Contains(id)))
                        {
                            table.Error("sourcedId", $"The person \"{Shown(id)}\" has no role in roles.csv.");
                            continue;
                        }
                    }
                    else if (role == PersonRoles.None) { ignoredRoles++; _ignoredUsers.Add(id); continue; }
                }
                else
                {
                    var text = table.Get("role");
                    if (text.Length == 0) { table.Error("role", "role is required."); continue; }
                    if (!OneRosterFiles.IsKnownRole(text)) table.Warning("role", $"role \"{Shown(text)}\" is not a OneRoster role; the person was not imported.");
                    role = OneRosterFiles.MapRole(text);
                    // Guardians, aides and the like: Twig keeps no record of them (least data), and says so once.
                    if (role == PersonRoles.None) { ignoredRoles++; _ignoredUsers.Add(id); continue; }
                }

                var given = table.Get("givenName");
                var family = table.Get("familyName");
                if (given.Length == 0) table.Error("givenName", "givenName is required.");
                if (family.Length == 0) table.Error("familyName", "familyName is required.");
                if (given.Length == 0 || family.Length == 0) continue;

                var enabled = true;
                var enabledText = table.Get("enabledUser");
                if (enabledText.Equals("false", StringComparison.OrdinalIgnoreCase)) enabled = false;
                else if (enabledText.Length > 0 && !enabledText.Equals("true", StringComparison.OrdinalIgnoreCase))
                    table.Warning("enabledUser", $"enabledUser \"{Shown(enabledText)}\" is not true or false; the person was read as enabled.");

                var username = table.Optional("username");
                if (username is not null)
                {
                    if (username.Length > Lengths.Username || !IsUsername(username))
                    {
                        table.Warning("username", $"username \"{Shown(username)}\" cannot be used to sign in to Twig (up to {Lengths.Username} letters, digits and . _ @ + -); it was left out.");
                        username = null;
                    }
                    else if (usernames.TryGetValue(SignInName.Key(username), out var firstRow))
                    {
                        table.Error("username", $"username \"{Shown(username)}\" is also on row {firstRow}; usernames are unique (upper/lower case ignored).");
                        continue;
                    }
                    else usernames[SignInName.Key(username)] = table.Row;
                }

                var email = table.Optional("email");
                if (email is not null && !UsersCsv.IsEmail(email))
                {
                    table.Warning("email", $"\"{Shown(email)}\" is not a valid e-mail address; it was left out.");
                    email = null;
                }

                var password = table.Optional("password");
                if (password is not null && !allowPasswords) { ignoredPasswords++; password = null; }
                else if (password is not null && (password.Length < UsersCsv.MinPasswordLength || password.Length > UsersCsv.MaxPasswordLength))
                {
                    table.Error("password", $"The password must be {UsersCsv.MinPasswordLength} to {UsersCsv.MaxPasswordLength} characters.");
                    continue;
                }

                var orgs = new List<string>();
                var roleOrgs = _roleOrgs.TryGetValue(id, out var fromRoles) ? fromRoles : [];
                foreach (var org in Split(table.Get("orgSourcedIds")).Append(table.Get("primaryOrgSourcedId")).Concat(roleOrgs))
                    if (org.Length > 0 && !orgs.Contains(org)) orgs.Add(org);
                var grade = Split(table.Get("grades")).FirstOrDefault();

                _liveUsers[id] = role;
                _users.Add(new OrUser(table.Row, id, false, enabled, role,
                    Clip(table, "givenName", given, Lengths.FirstName)!, Clip(table, "familyName", family, Lengths.LastName)!,
                    Clip(table, "middleName", table.Optional("middleName"), Lengths.MiddleName), username,
                    Clip(table, "identifier", table.Optional("identifier"), Lengths.StudentNumber), email,
                    Clip(table, "grades", grade, Lengths.Grade), orgs, password));
            }
            _rows += table.RowCount;
            if (ignoredRoles > 0)
                issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, null, "role",
                    $"{ignoredRoles:N0} people with roles Twig does not serve (guardians, parents, aides, …) were not imported."));
            if (ignoredPasswords > 0)
                issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, null, "password",
                    $"{ignoredPasswords:N0} passwords in the file were ignored: Twig takes passwords from a package only when the district asks for it on this upload."));
            CheckUserOrgs();
        }

        /// <summary>A person's schools must be schools: an unknown org is a warning (it is not a required reference), and the link is dropped.</summary>
        private void CheckUserOrgs()
        {
            for (var i = 0; i < _users.Count; i++)
            {
                var user = _users[i];
                if (user.Deleted || user.SchoolSourcedIds.Count == 0) continue;
                var schools = new List<string>();
                foreach (var org in user.SchoolSourcedIds)
                {
                    if (IsLiveSchool(org)) schools.Add(org);
                    else if (!_orgTypes.ContainsKey(org) && !known.Schools.Contains(org))
                        issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Users, user.Row, "orgSourcedIds",
                            $"The org \"{Shown(org)}\" is not in orgs.csv; the person was not linked to it."));
                }
                _users[i] = user with { SchoolSourcedIds = schools };
            }
        }

        private bool IsLiveSchool(string id) =>
            !_deletedOrgs.Contains(id) && (_orgTypes.TryGetValue(id, out var type) ? type == "school"
                : manifest.ModeOf(OneRosterFiles.Orgs) != PackageFileMode.Bulk && known.Schools.Contains(id));

        private bool IsLiveUser(string id, out PersonRoles roles)
        {
            if (_liveUsers.TryGetValue(id, out roles)) return true;
            roles = PersonRoles.None;
            return !_deletedUsers.Contains(id) && !_ignoredUsers.Contains(id) && manifest.ModeOf(OneRosterFiles.Users) != PackageFileMode.Bulk && known.Users.Contains(id);
        }

        private bool IsLiveClass(string id) =>
            _liveClasses.Contains(id) || (!_deletedClasses.Contains(id) && manifest.ModeOf(OneRosterFiles.Classes) != PackageFileMode.Bulk && known.Classes.Contains(id));

        private void ReadOptional(string file, string[] required, string[] optional)
        {
            // Courses and sessions give Twig nothing it stores; they are still checked so a broken export is caught early.
            using var table = Open(file, required, optional);
            if (table is null) return;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (table.Read())
            {
                if (SourcedId(table, "sourcedId", seen) is null) continue;
                if (Deleted(table)) continue;
                if (table.Get("title").Length == 0) table.Warning("title", "title is empty.");
            }
            _rows += table.RowCount;
        }

        private void ReadClasses()
        {
            using var table = Open(OneRosterFiles.Classes, OneRosterFiles.ClassesRequired, OneRosterFiles.ClassesOptional);
            if (table is null) return;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (table.Read())
            {
                var id = SourcedId(table, "sourcedId", seen);
                if (id is null) continue;
                if (Deleted(table))
                {
                    _deletedClasses.Add(id);
                    _classes.Add(new OrClass(table.Row, id, true, "", "", null, null, null, null));
                    continue;
                }
                var title = table.Get("title");
                var school = table.Get("schoolSourcedId");
                if (title.Length == 0) { table.Error("title", "title is required."); continue; }
                if (school.Length == 0) { table.Error("schoolSourcedId", "schoolSourcedId is required."); continue; }
                if (!IsLiveSchool(school))
                {
                    table.Error("schoolSourcedId", _orgTypes.TryGetValue(school, out var type)
                        ? $"schoolSourcedId \"{Shown(school)}\" is an org of type {type}, not a school."
                        : $"schoolSourcedId \"{Shown(school)}\" is not a school in orgs.csv{(manifest.ModeOf(OneRosterFiles.Orgs) == PackageFileMode.Bulk ? "" : " or in Twig")}.");
                    continue;
                }
                _liveClasses.Add(id);
                _classes.Add(new OrClass(table.Row, id, false, Clip(table, "title", title, Lengths.SectionName)!, school,
                    Clip(table, "classCode", table.Optional("classCode"), Lengths.SectionSisId),
                    Clip(table, "grades", Split(table.Get("grades")).FirstOrDefault(), Lengths.SectionGrade),
                    Clip(table, "subjects", Split(table.Get("subjects")).FirstOrDefault(), Lengths.Subject),
                    Clip(table, "periods", Split(table.Get("periods")).FirstOrDefault(), Lengths.Period)));
            }
            _rows += table.RowCount;
        }

        private void ReadEnrollments()
        {
            using var table = Open(OneRosterFiles.Enrollments, OneRosterFiles.EnrollmentsRequired, OneRosterFiles.EnrollmentsOptional);
            if (table is null) return;
            // The largest file by far (four or more rows per student): columns by position, values as spans, and the class and
            // person ids looked up without copying them, so each row makes one new string (its own sourcedId) instead of eight.
            var (classColumn, userColumn, roleColumn) = (table.Ordinal("classSourcedId"), table.Ordinal("userSourcedId"), table.Ordinal("role"));
            var (schoolColumn, primaryColumn) = (table.Ordinal("schoolSourcedId"), table.Ordinal("primary"));
            var liveClasses = _liveClasses.GetAlternateLookup<ReadOnlySpan<char>>();
            var liveUsers = _liveUsers.GetAlternateLookup<ReadOnlySpan<char>>();
            var orgTypes = _orgTypes.GetAlternateLookup<ReadOnlySpan<char>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pairs = new HashSet<(string, string, EnrollmentRole)>();
            var otherRoles = 0;
            var ignoredPeople = 0;
            while (table.Read())
            {
                var id = SourcedId(table, "sourcedId", seen);
                if (id is null) continue;
                var deleted = Deleted(table);
                var classSpan = table.Span(classColumn);
                var userSpan = table.Span(userColumn);
                var roleText = table.Span(roleColumn);
                if (classSpan.Length == 0) { table.Error("classSourcedId", "classSourcedId is required."); continue; }
                if (userSpan.Length == 0) { table.Error("userSourcedId", "userSourcedId is required."); continue; }
                EnrollmentRole role;
                if (roleText.SequenceEqual("student")) role = EnrollmentRole.Student;
                else if (roleText.SequenceEqual("teacher")) role = EnrollmentRole.Teacher;
                else if (roleText.Length == 0) { table.Error("role", "role is required."); continue; }
                else { otherRoles++; continue; }
                var classId = liveClasses.TryGetValue(classSpan, out var knownClass) ? knownClass : classSpan.ToString();
                var userId = liveUsers.TryGetValue(userSpan, out var knownUser, out _) ? knownUser : userSpan.ToString();

                if (deleted)
                {
                    _enrollments.Add(new OrEnrollment(table.Row, id, true, classId, userId, role, false));
                    continue;
                }
                if (!IsLiveClass(classId))
                {
                    table.Error("classSourcedId", $"classSourcedId \"{Shown(classId)}\" is not a class in classes.csv{(manifest.ModeOf(OneRosterFiles.Classes) == PackageFileMode.Bulk ? "" : " or in Twig")}.");
                    continue;
                }
                if (_ignoredUsers.Contains(userId)) { ignoredPeople++; continue; }
                if (!IsLiveUser(userId, out var userRoles))
                {
                    table.Error("userSourcedId", $"userSourcedId \"{Shown(userId)}\" is not a person in users.csv{(manifest.ModeOf(OneRosterFiles.Users) == PackageFileMode.Bulk ? "" : " or in Twig")}.");
                    continue;
                }
                if (role == EnrollmentRole.Teacher && userRoles == PersonRoles.Student)
                {
                    table.Error("role", $"\"{Shown(userId)}\" is a student and cannot teach a class.");
                    continue;
                }
                if (role == EnrollmentRole.Student && userRoles != PersonRoles.None && (userRoles & PersonRoles.Student) == 0)
                {
                    table.Error("role", $"\"{Shown(userId)}\" is not a student and cannot be enrolled as one.");
                    continue;
                }
                var school = table.Span(schoolColumn);
                if (school.Length > 0 && !orgTypes.ContainsKey(school) && !known.Schools.Contains(school.ToString()))
                    table.Warning("schoolSourcedId", $"schoolSourcedId \"{Shown(school.ToString())}\" is not in orgs.csv; the class's own school is used.");
                var primary = table.Span(primaryColumn).Equals("true", StringComparison.OrdinalIgnoreCase);
                // The same person in the same class in two terms is one Twig enrollment.
                if (!pairs.Add((classId, userId, role))) continue;
                _enrollments.Add(new OrEnrollment(table.Row, id, false, classId, userId, role, primary));
            }
            _rows += table.RowCount;
            if (otherRoles > 0)
                issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Enrollments, null, "role",
                    $"{otherRoles:N0} enrollments of aides, proctors or administrators were not imported: Twig keeps students and teachers in classes."));
            if (ignoredPeople > 0)
                issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Enrollments, null, "userSourcedId",
                    $"{ignoredPeople:N0} enrollments of people Twig does not import (guardians, aides, …) were skipped."));
        }

        private static string? Clip(PackageTable table, string column, string? value, int max)
        {
            if (value is null || value.Length <= max) return value;
            table.Warning(column, $"{column} is {value.Length:N0} characters, longer than the {max:N0} Twig stores; it was shortened.");
            return ColumnLimits.Clip(value, max).TrimEnd();
        }
    }

    private static IEnumerable<string> Split(string list) => list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool IsUsername(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '+' or '-');

    internal static string Shown(string value) => value.Length <= 40 ? value : ColumnLimits.Clip(value, 40) + "…";

    /// <summary>Column lengths from the EF model: a longer name is shortened with a warning, a longer id is an error.</summary>
    private static class Lengths
    {
        public static readonly int ExternalId = Math.Min(ColumnLimits.Of<Person>(nameof(Person.ExternalId)), Math.Min(ColumnLimits.Of<Section>(nameof(Section.ExternalId)), ColumnLimits.Of<School>(nameof(School.ExternalId))));
        public static readonly int FirstName = ColumnLimits.Of<Person>(nameof(Person.FirstName));
        public static readonly int LastName = ColumnLimits.Of<Person>(nameof(Person.LastName));
        public static readonly int MiddleName = ColumnLimits.Of<Person>(nameof(Person.MiddleName));
        public static readonly int Username = UsersCsv.Lengths.Username;
        public static readonly int StudentNumber = ColumnLimits.Of<Person>(nameof(Person.StudentNumber));
        public static readonly int Grade = ColumnLimits.Of<Person>(nameof(Person.Grade));
        public static readonly int SchoolName = ColumnLimits.Of<School>(nameof(School.Name));
        public static readonly int SchoolNumber = ColumnLimits.Of<School>(nameof(School.SchoolNumber));
        public static readonly int SectionName = ColumnLimits.Of<Section>(nameof(Section.Name));
        public static readonly int SectionSisId = ColumnLimits.Of<Section>(nameof(Section.SisId));
        public static readonly int SectionGrade = ColumnLimits.Of<Section>(nameof(Section.Grade));
        public static readonly int Subject = ColumnLimits.Of<Section>(nameof(Section.Subject));
        public static readonly int Period = ColumnLimits.Of<Section>(nameof(Section.Period));
    }
}
