using System.IO.Hashing;
using System.Runtime.InteropServices;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using static Twig.Web.Features.OneRosterImport.OneRosterReader;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>enrollments.csv: who is in which class, checked against the classes and people read before.</summary>
internal sealed partial class PackageRows
{
    private void ReadEnrollments()
    {
        using var table = Open(OneRosterFiles.Enrollments, OneRosterFiles.EnrollmentsRequired, OneRosterFiles.EnrollmentsOptional);
        if (table is null) return;
        // The largest file by far (four or more rows per student): columns by position, values as spans, and each class and
        // person id numbered the first time it is seen (checked once, then reused), so a row costs two span lookups, its
        // own sourcedId, and one number for the (class, person, role) pair instead of a tuple of strings.
        var (classColumn, userColumn) = (table.Ordinal("classSourcedId"), table.Ordinal("userSourcedId"));
        var roleColumn = table.Ordinal("role");
        var (schoolColumn, primaryColumn) = (table.Ordinal("schoolSourcedId"), table.Ordinal("primary"));
        var (beginColumn, endColumn) = (table.Ordinal("beginDate"), table.Ordinal("endDate"));
        var classes = new IdNumbers(_liveClasses.GetAlternateLookup<ReadOnlySpan<char>>());
        var users = new IdNumbers(_liveUsers.GetAlternateLookup<ReadOnlySpan<char>>());
        var classLive = new List<bool>();
        var userStates = new List<UserState>();
        var orgTypes = _orgTypes.GetAlternateLookup<ReadOnlySpan<char>>();
        // Each row's own sourcedId is only checked for repeats, never kept: a 128-bit hash of it stands in for the string.
        var idColumn = table.Ordinal("sourcedId");
        var seen = new HashSet<UInt128>();
        var pairs = new HashSet<long>();
        var teacherRows = new Dictionary<long, int>(); // a teacher pair's place in _enrollments, to mark it primary from a later row
        // Pairs whose row ended (endDate before today), with that row: removed at the end unless another row keeps them live.
        var ended = new Dictionary<long, OrEnrollment>();
        var otherRoles = 0;
        var ignoredPeople = 0;
        var nonStudents = 0;
        var ofRefused = new SortedSet<int>(); // the users.csv rows refused that enrollments name
        var ofRefusedCount = 0;
        while (table.Read())
        {
            if (!IsNewSourcedId(table, idColumn, seen)) continue;
            var deleted = Deleted(table);
            var classSpan = table.Span(classColumn);
            var userSpan = table.Span(userColumn);
            var roleText = table.Span(roleColumn);
            if (classSpan.Length == 0) { table.Error("classSourcedId", "classSourcedId is required."); continue; }
            if (userSpan.Length == 0) { table.Error("userSourcedId", "userSourcedId is required."); continue; }
            EnrollmentRole role;
            if (roleText.Equals("student", StringComparison.OrdinalIgnoreCase)) role = EnrollmentRole.Student;
            else if (roleText.Equals("teacher", StringComparison.OrdinalIgnoreCase)) role = EnrollmentRole.Teacher;
            else if (roleText.Length == 0) { table.Error("role", "role is required."); continue; }
            else { otherRoles++; continue; }
            var classNumber = classes.NumberOf(classSpan);
            var userNumber = users.NumberOf(userSpan);
            var (classId, userId) = (classes[classNumber], users[userNumber]);
            // A class or person the same package deletes takes its enrollments with it (the plan leaves them out, saying so),
            // even when the exporter still sends them as active.
            if (classNumber == classLive.Count) classLive.Add(IsLiveClass(classId) || _deletedClasses.Contains(classId));
            if (userNumber == userStates.Count) userStates.Add(StateOf(userId));

            if (deleted)
            {
                _enrollments.Add(new OrEnrollment
                {
                    Row = table.Row, Deleted = true, ClassSourcedId = classId, UserSourcedId = userId, Role = role,
                });
                continue;
            }
            var pair = ((long)classNumber << 32) | ((long)userNumber << 1) | (role == EnrollmentRole.Teacher ? 1L : 0L);
            // An ended row is read as a deletion (no reference checked, no primary mark given): last term's row of a class
            // that no longer exists must not refuse this term's package.
            if (Ended(table, beginColumn, endColumn, "enrollment"))
            {
                ended.TryAdd(pair, new OrEnrollment
                {
                    Row = table.Row, Deleted = true, ClassSourcedId = classId, UserSourcedId = userId, Role = role,
                });
                continue;
            }
            if (!classLive[classNumber])
            {
                if (Unread(OneRosterFiles.Classes, OneRosterFiles.Enrollments, "classSourcedId")
                    || _uncheckedClasses.TryGetValue(classId, out var unread)
                    && Unchecked(unread, OneRosterFiles.Enrollments, "classSourcedId")) continue;
                var where = manifest.ModeOf(OneRosterFiles.Classes) == PackageFileMode.Bulk ? "" : " or in Twig";
                table.Error("classSourcedId", $"classSourcedId \"{Shown(classId)}\" is not a class in classes.csv{where}.");
                continue;
            }
            var user = userStates[userNumber];
            if (user.Ignored) { ignoredPeople++; continue; }
            if (!user.Live && _refusedUsers.TryGetValue(userId, out var refusedRow))
            {
                // The person's own row has the error: one line for the file, not one per enrollment of every such person.
                ofRefused.Add(refusedRow);
                ofRefusedCount++;
                continue;
            }
            if (!user.Live)
            {
                if (Unread(OneRosterFiles.Users, OneRosterFiles.Enrollments, "userSourcedId")) continue;
                var where = manifest.ModeOf(OneRosterFiles.Users) == PackageFileMode.Bulk ? "" : " or in Twig";
                table.Error("userSourcedId", $"userSourcedId \"{Shown(userId)}\" is not a person in users.csv{where}.");
                continue;
            }
            if (role == EnrollmentRole.Teacher && user.Roles == PersonRoles.Student)
            {
                table.Error("role", $"\"{Shown(userId)}\" is a student and cannot teach a class.");
                continue;
            }
            // A teacher "enrolled" in a professional-development class: real SIS data the district cannot easily change, and
            // Twig has no such membership, so the row is skipped (counted) rather than refusing the package.
            if (role == EnrollmentRole.Student && user.Roles != PersonRoles.None && (user.Roles & PersonRoles.Student) == 0)
            {
                nonStudents++;
                continue;
            }
            var school = table.Span(schoolColumn);
            if (school.Length > 0 && !orgTypes.ContainsKey(school) && !known.Schools.Contains(school.ToString()))
                table.Warning("schoolSourcedId", Closed(school.ToString()) is { } closed
                    ? $"{closed}; the class's own school is used."
                    : $"schoolSourcedId {Unknown(school.ToString())}; the class's own school is used.");
            var primaryText = table.Span(primaryColumn);
            var primary = Flag(primaryText) ?? false;
            if (primaryText.Length > 0 && Flag(primaryText) is null)
                table.Warning("primary", $"primary \"{Shown(primaryText.ToString())}\" is not true or false; it was read as false.");
            // The same person in the same class in two terms is one Twig enrollment: primary when any of its live rows says so.
            if (!pairs.Add(pair))
            {
                if (primary && teacherRows.TryGetValue(pair, out var first))
                    _enrollments[first] = _enrollments[first] with { Primary = true };
                continue;
            }
            if (role == EnrollmentRole.Teacher) teacherRows[pair] = _enrollments.Count;
            _enrollments.Add(new OrEnrollment
            {
                Row = table.Row, ClassSourcedId = classId, UserSourcedId = userId, Role = role, Primary = primary,
            });
        }
        _rows += table.RowCount;
        // A pair is live when any of its rows is, in whatever order they come; a bulk file's ended pair is simply not listed.
        var endedPairs = ended.Where(e => !pairs.Contains(e.Key)).Select(e => e.Value).ToList();
        if (manifest.ModeOf(OneRosterFiles.Enrollments) == PackageFileMode.Delta) _enrollments.AddRange(endedPairs);
        WarnEnded(OneRosterFiles.Enrollments, endedPairs.Count, "enrollment");
        if (otherRoles > 0)
            issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Enrollments, null, "role",
                $"{otherRoles:N0} enrollments of aides, proctors or administrators were not imported: " +
                "Twig keeps students and teachers in classes."));
        if (ignoredPeople > 0)
            issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Enrollments, null, "userSourcedId",
                $"{ignoredPeople:N0} enrollments of people Twig does not import (guardians, aides, …) were skipped."));
        if (ofRefusedCount > 0)
            issues.Add(new PackageIssue(IssueSeverity.Error, OneRosterFiles.Enrollments, null, "userSourcedId",
                $"{ofRefusedCount:N0} enrollments name people whose users.csv rows were refused (users.csv " +
                $"{(ofRefused.Count == 1 ? "row" : "rows")} {string.Join(", ", ofRefused.Take(10))}" +
                $"{(ofRefused.Count > 10 ? $" and {ofRefused.Count - 10:N0} more" : "")}); fix those rows, not the enrollments."));
        if (nonStudents > 0)
            issues.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Enrollments, null, "role",
                $"{nonStudents:N0} enrollments as a student of people who are not students (a teacher in a training class, …) " +
                "were skipped."));
    }

    /// <summary>As <see cref="SourcedId"/> (same checks, same messages), without making a string of a valid id.</summary>
    private static bool IsNewSourcedId(PackageTable table, int column, HashSet<UInt128> seen)
    {
        var id = table.Span(column);
        if (id.Length > Lengths.ExternalId || id.Length == 0 || !seen.Add(XxHash128.HashToUInt128(MemoryMarshal.AsBytes(id))))
            return SourcedId(table, "sourcedId", []) is not null && Repeated(table, id);
        return true;
    }

    private static bool Repeated(PackageTable table, ReadOnlySpan<char> id)
    {
        table.Error("sourcedId", $"sourcedId \"{Shown(id.ToString())}\" appears more than once in this file; each record appears once.");
        return false;
    }

    /// <summary>What enrollments may do with one person: fixed once users.csv is read, so it is decided once per person.</summary>
    private readonly record struct UserState(bool Ignored, bool Live, PersonRoles Roles);

    private UserState StateOf(string userId)
    {
        if (_ignoredUsers.Contains(userId)) return new UserState(true, false, PersonRoles.None);
        if (_deletedUsers.Contains(userId)) return new UserState(false, true, PersonRoles.None);
        return IsLiveUser(userId, out var roles) ? new UserState(false, true, roles) : new UserState(false, false, PersonRoles.None);
    }

    /// <summary>
    /// Numbers each distinct id of one kind in the order first seen. An id already held as a string (a class or person read
    /// earlier) is numbered with that string; any other is copied once.
    /// </summary>
    private sealed class IdNumbers
    {
        private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly List<string> _ids = [];
        private readonly Func<ReadOnlySpan<char>, string?> _held;

        public IdNumbers(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> held)
            : this(span => held.TryGetValue(span, out var id) ? id : null)
        {
        }

        public IdNumbers(Dictionary<string, PersonRoles>.AlternateLookup<ReadOnlySpan<char>> held)
            : this(span => held.TryGetValue(span, out var id, out _) ? id : null)
        {
        }

        private IdNumbers(Func<ReadOnlySpan<char>, string?> held)
        {
            _held = held;
            _lookup = _numbers.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public string this[int number] => _ids[number];

        public int NumberOf(ReadOnlySpan<char> id)
        {
            if (_lookup.TryGetValue(id, out var number)) return number;
            var text = _held(id) ?? id.ToString();
            number = _ids.Count;
            _numbers[text] = number;
            _ids.Add(text);
            return number;
        }
    }
}
