using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using static Twig.Web.Features.OneRosterImport.OneRosterReader;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>The state of one read: what each file said, so later files can be checked against earlier ones.</summary>
internal sealed partial class PackageRows(PackageManifest manifest, IReadOnlyDictionary<string, byte[]> files, List<PackageIssue> issues,
    int maxRows, KnownRecords known, DateOnly today, bool allowPasswords)
{
    private readonly Dictionary<string, string> _orgTypes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deletedOrgs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PersonRoles> _liveUsers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ignoredUsers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deletedUsers = new(StringComparer.Ordinal);
    /// <summary>People whose users.csv row was refused, with that row: they are not "missing" from users.csv.</summary>
    private readonly Dictionary<string, int> _refusedUsers = new(StringComparer.Ordinal);
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
        var roleChanges = RoleChangesOutsideUsers(roles);
        ReadOptional(OneRosterFiles.Courses, OneRosterFiles.CoursesRequired, OneRosterFiles.CoursesOptional);
        ReadOptional(OneRosterFiles.AcademicSessions, OneRosterFiles.SessionsRequired, OneRosterFiles.SessionsOptional);
        ReadClasses();
        ReadEnrollments();
        SayUnchecked();
        return new OneRosterPackage
        {
            Version = manifest.Version,
            Modes = manifest.Modes,
            Schools = _schools,
            Users = _users,
            Classes = _classes,
            Enrollments = _enrollments,
            Issues = issues,
            RowCount = _rows,
            RoleChanges = roleChanges,
        };
    }

    private PackageTable? Open(string file, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional)
    {
        var mode = manifest.ModeOf(file);
        if (mode == PackageFileMode.Absent || !files.TryGetValue(file, out var content)) return null;
        // A delta row without its status cannot say whether it is a change or a deletion.
        var needed = mode == PackageFileMode.Delta ? required.Append("status").ToList() : required;
        var table = PackageTable.Open(file, content, needed, optional, issues, maxRows);
        if (table is null) _unreadable.Add(file);
        return table;
    }

    /// <summary>
    /// The row's status: false for active (or blank), true for tobedeleted or inactive; anything else is read as active, with a
    /// warning.
    /// </summary>
    private static bool Deleted(PackageTable table)
    {
        // Upper/lower case ignored: exporters write "toBeDeleted" as well as the standard's "tobedeleted", and reading a
        // deletion as a change would keep the record.
        var status = table.Span(table.Ordinal("status"));
        if (status.Length == 0 || status.Equals("active", StringComparison.OrdinalIgnoreCase)) return false;
        // "inactive" is OneRoster 1.0's deletion, still written by some exporters: read as active, the record would stay.
        if (status.Equals("tobedeleted", StringComparison.OrdinalIgnoreCase)
            || status.Equals("inactive", StringComparison.OrdinalIgnoreCase)) return true;
        table.Warning("status", $"status \"{Shown(status.ToString())}\" is not active or tobedeleted; the row was read as active.");
        return false;
    }

    /// <summary>The row's sourcedId, or null (with an error) when it is missing, too long, or already used in this file.</summary>
    private static string? SourcedId(PackageTable table, string column, HashSet<string> seen)
    {
        var id = table.Get(column);
        if (id.Length == 0) { table.Error(column, $"{column} is required."); return null; }
        if (id.Length > Lengths.ExternalId)
        {
            table.Error(column, $"{column} is {id.Length:N0} characters, longer than the {Lengths.ExternalId} Twig stores.");
            return null;
        }
        if (!seen.Add(id))
        {
            table.Error(column, $"{column} \"{Shown(id)}\" appears more than once in this file; each record appears once.");
            return null;
        }
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
            // The standard's org types are all lower case; "School" from an export means the same.
            var type = table.Get("type").ToLowerInvariant();
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
            var identifier = Clip(table, "identifier", table.Optional("identifier"), Lengths.SchoolNumber);
            _schools.Add(new OrSchool(table.Row, id, false, Clip(table, "name", name, Lengths.SchoolName)!, identifier));
        }
        _rows += table.RowCount;
    }

    /// <summary>
    /// Why a reference to an org orgs.csv deletes finds no school: the org is there, marked for deletion, and saying it is
    /// "not in orgs.csv" would send the admin looking for a row that exists. Null for an org the file does not delete.
    /// </summary>
    private string? Closed(string org) => _deletedOrgs.Contains(org) ? $"orgs.csv marks the org \"{Shown(org)}\" tobedeleted" : null;

    /// <summary>
    /// An org a row names that is no school this package or Twig holds, said as what is true of the package: a delta without
    /// orgs.csv can only miss a school Twig holds, so naming orgs.csv there sends the admin looking for a file that is not sent.
    /// </summary>
    private string Unknown(string org) => manifest.ModeOf(OneRosterFiles.Orgs) switch
    {
        PackageFileMode.Bulk => $"\"{Shown(org)}\" is not a school in orgs.csv",
        PackageFileMode.Absent => $"\"{Shown(org)}\" is not a school Twig holds (the package has no orgs.csv)",
        _ => $"\"{Shown(org)}\" is not a school in orgs.csv or in Twig",
    };

    private bool IsLiveSchool(string id) =>
        !_deletedOrgs.Contains(id) && (_orgTypes.TryGetValue(id, out var type) ? type == "school"
            : manifest.ModeOf(OneRosterFiles.Orgs) != PackageFileMode.Bulk && known.Schools.Contains(id));

    private bool IsLiveUser(string id, out PersonRoles roles)
    {
        if (_liveUsers.TryGetValue(id, out roles)) return true;
        roles = PersonRoles.None;
        return !_deletedUsers.Contains(id) && !_ignoredUsers.Contains(id) && manifest.ModeOf(OneRosterFiles.Users) != PackageFileMode.Bulk
            && known.Users.Contains(id);
    }

    private bool IsLiveClass(string id) =>
        _liveClasses.Contains(id)
        || (!_deletedClasses.Contains(id) && manifest.ModeOf(OneRosterFiles.Classes) != PackageFileMode.Bulk && known.Classes.Contains(id));

    private void ReadOptional(string file, string[] required, string[] optional)
    {
        // Courses and sessions give Twig nothing it stores; they are still checked so a broken export is caught early, but an
        // empty one (no header at all, as some exporters write a file they have nothing for) takes nothing away.
        if (manifest.ModeOf(file) != PackageFileMode.Absent && files.TryGetValue(file, out var content) && PackageTable.IsEmpty(content))
        {
            issues.Add(new PackageIssue(IssueSeverity.Warning, file, null, null,
                $"{file} is empty (not even a header row); Twig stores nothing from it, so it was skipped."));
            return;
        }
        using var table = Open(file, required, optional);
        if (table is null) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // A term's dates decide nothing in Twig, but a term that ends before it starts is a broken export (courses have none).
        var (startColumn, endColumn) = (table.Ordinal("startDate"), table.Ordinal("endDate"));
        while (table.Read())
        {
            if (SourcedId(table, "sourcedId", seen) is null) continue;
            if (Deleted(table)) continue;
            if (table.Get("title").Length == 0) table.Warning("title", "title is empty.");
            CheckDates(table, "startDate", startColumn, endColumn, "session");
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
                _classes.Add(new OrClass { Row = table.Row, SourcedId = id, Deleted = true });
                continue;
            }
            var title = table.Get("title");
            var school = table.Get("schoolSourcedId");
            if (title.Length == 0) { table.Error("title", "title is required."); continue; }
            if (school.Length == 0) { table.Error("schoolSourcedId", "schoolSourcedId is required."); continue; }
            if (!IsLiveSchool(school))
            {
                if (Unread(OneRosterFiles.Orgs, OneRosterFiles.Classes, "schoolSourcedId"))
                {
                    _uncheckedClasses[id] = OneRosterFiles.Orgs;
                    continue;
                }
                table.Error("schoolSourcedId", Closed(school) is { } closed
                    ? $"schoolSourcedId: {closed}, so no class can belong to it; send the class with its new school, or delete it too."
                    : _orgTypes.TryGetValue(school, out var type)
                    ? $"schoolSourcedId \"{Shown(school)}\" is an org of type {type}, not a school."
                    : $"schoolSourcedId {Unknown(school)}.");
                continue;
            }
            _liveClasses.Add(id);
            _classes.Add(new OrClass
            {
                Row = table.Row,
                SourcedId = id,
                Title = Clip(table, "title", title, Lengths.SectionName)!,
                SchoolSourcedId = school,
                ClassCode = Clip(table, "classCode", table.Optional("classCode"), Lengths.SectionSisId),
                Grade = Clip(table, "grades", Split(table.Get("grades")).FirstOrDefault(), Lengths.SectionGrade),
                Subject = Clip(table, "subjects", Split(table.Get("subjects")).FirstOrDefault(), Lengths.Subject),
                Period = Clip(table, "periods", Split(table.Get("periods")).FirstOrDefault(), Lengths.Period),
            });
        }
        _rows += table.RowCount;
    }

    private static string? Clip(PackageTable table, string column, string? value, int max)
    {
        if (value is null || value.Length <= max) return value;
        table.Warning(column, $"{column} is {value.Length:N0} characters, longer than the {max:N0} Twig stores; it was shortened.");
        return ColumnLimits.Clip(value, max).TrimEnd();
    }
}
