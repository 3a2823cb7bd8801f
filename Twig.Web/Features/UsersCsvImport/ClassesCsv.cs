using System.Text;
using Sylvan.Data.Csv;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// One class as a roster source gives it, before it is compared with the district. <see cref="School"/> is the school as the
/// source names it (a name in classes.csv, a sourcedId in OneRoster); <see cref="ClassPlanInput.SchoolKey"/> turns it into a key.
/// Person ids are the external ids of people of the same source (users.csv <c>user_id</c>s). The row counts the header.
/// </summary>
public sealed record ClassRow(
    int Row, string ClassId, string Name, string School, string? Grade, string? Subject,
    IReadOnlyList<string> TeacherIds, IReadOnlyList<string> StudentIds);

/// <summary>What classes.csv says: the classes of valid rows and every problem found (each naming classes.csv).</summary>
public sealed record ParsedClasses(IReadOnlyList<ClassRow> Classes, IReadOnlyList<ImportIssue> Issues, int RowCount)
{
    public bool HasErrors => Issues.Any(i => i.Severity == IssueSeverity.Error);
}

/// <summary>
/// The Twig Science Format classes.csv: one row per class with its teachers and students as <c>;</c>-separated users.csv
/// <c>user_id</c>s. Read like users.csv (Sylvan, RFC 4180, UTF-8 with or without BOM); every row is checked and all
/// problems are reported at once. Whether an id names a real person is the plan's job (<see cref="ClassPlan"/>).
/// </summary>
public static class ClassesCsv
{
    public const string FileName = "classes.csv";
    public const string ClassId = "class_id";
    public const string ClassName = "class_name";
    public const string SchoolName = "school_name";
    public const string Grade = "grade";
    public const string Subject = "subject";
    public const string TeacherIds = "teacher_ids";
    public const string StudentIds = "student_ids";

    public static class Lengths
    {
        public static readonly int ClassId = ColumnLimits.Of<Section>(nameof(Section.ExternalId));
        public static readonly int ClassName = ColumnLimits.Of<Section>(nameof(Section.Name));
        public static readonly int SchoolName = ColumnLimits.Of<School>(nameof(School.Name));
        public static readonly int Grade = ColumnLimits.Of<Section>(nameof(Section.Grade));
        public static readonly int Subject = ColumnLimits.Of<Section>(nameof(Section.Subject));
    }

    /// <summary>The column guide shown on the upload page and in the README, in file order.</summary>
    public static readonly IReadOnlyList<UsersCsv.ColumnGuide> Columns =
    [
        new(ClassId, true, $"Required. Up to {Lengths.ClassId} characters; unique in the file; case-sensitive.",
            "The class's permanent id. It decides which classes are new, which change and which are deactivated. Never reuse or change it."),
        new(ClassName, true, $"Required. Up to {Lengths.ClassName} characters.", "The class name teachers and students see."),
        new(SchoolName, true, "Required. The name of an active school of the district (upper/lower case ignored), or one named in the users.csv uploaded with it.",
            "The school the class belongs to."),
        new(Grade, false, $"Optional. Up to {Lengths.Grade} characters, e.g. 5 or K.", "Shown with the class."),
        new(Subject, false, $"Optional. Up to {Lengths.Subject} characters, e.g. Science.", "Shown with the class."),
        new(TeacherIds, true, "Column required. user_ids separated by ; (semicolon), each a teacher or administrator in users.csv.",
            "The class's teachers: they see the class and its students."),
        new(StudentIds, true, "Column required. user_ids separated by ; (semicolon), each a student in users.csv.",
            "The class's students: they see the class and its teachers."),
    ];

    public static readonly IReadOnlyList<string> RequiredHeaders = [ClassId, ClassName, SchoolName, TeacherIds, StudentIds];

    private static readonly string[] KnownHeaders = [ClassId, ClassName, SchoolName, Grade, Subject, TeacherIds, StudentIds];

    /// <summary>The headers and two example rows (they name the people of the users.csv template).</summary>
    public static string Template =>
        "class_id,class_name,school_name,grade,subject,teacher_ids,student_ids\r\n" +
        "C-5A,Grade 5 Science (Hopper),Lincoln Elementary,5,Science,T-2001,S-1001;S-1002\r\n" +
        "C-6B,Grade 6 Science (Hopper),Washington Middle,6,Science,T-2001,S-1003\r\n";

    private static ImportIssue Error(int? row, string? column, string message) => new(IssueSeverity.Error, row, column, message, FileName);

    private static ImportIssue Warning(int? row, string? column, string message) => new(IssueSeverity.Warning, row, column, message, FileName);

    private static string Shown(string value) => value.Length <= 40 ? value : ColumnLimits.Clip(value, 40) + "…";

    /// <summary>Reads and checks the whole file; file-level problems stop the reading, row problems are collected for every row.</summary>
    public static ParsedClasses Parse(byte[] content, int maxRows)
    {
        var issues = new List<ImportIssue>();
        ParsedClasses Fail(string message)
        {
            issues.Add(Error(null, null, message));
            return new ParsedClasses([], issues, 0);
        }

        if (content.Length == 0) return Fail("classes.csv is empty. It needs a header row and one row per class.");
        if (content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4)
            return Fail("classes.csv is an Excel workbook (.xlsx), not a CSV file. In Excel choose File › Save As › \"CSV UTF-8 (Comma delimited) (*.csv)\" and upload that file.");
        if (!System.Text.Unicode.Utf8.IsValid(content) || content.AsSpan().Contains((byte)0))
            return Fail("classes.csv is not UTF-8 text, so names with accents would be garbled. In Excel choose File › Save As › \"CSV UTF-8 (Comma delimited) (*.csv)\".");

        using var text = new StreamReader(new MemoryStream(content, writable: false), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        if (text.Peek() == '\uFEFF') text.Read();
        var options = new CsvDataReaderOptions
        {
            HasHeaders = true, Delimiter = ',', Quote = '"', CsvStyle = CsvStyle.Standard, BufferSize = 1 << 16, MaxBufferSize = 1 << 24,
        };

        var classes = new List<ClassRow>();
        var rowCount = 0;
        var record = 0;
        try
        {
            using var reader = CsvDataReader.Create(text, options);
            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            var unknown = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i).Trim();
                var key = name.ToLowerInvariant();
                if (name.Length == 0) continue;
                if (!KnownHeaders.Contains(key)) { unknown.Add(ColumnLimits.Clip(name, UsersCsv.Lengths.IssueColumn)); continue; }
                if (!columns.TryAdd(key, i)) issues.Add(Error(1, name, $"The column \"{name}\" appears more than once in the header."));
            }
            var missing = RequiredHeaders.Where(h => !columns.ContainsKey(h)).ToList();
            if (missing.Count > 0)
                issues.Add(Error(1, null,
                    $"The header row is missing the required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}. " +
                    $"The first row must name the columns: {string.Join(",", KnownHeaders)}."));
            foreach (var name in unknown)
                issues.Add(Warning(1, name, $"The column \"{Shown(name)}\" is not part of the format and is ignored."));
            if (issues.Any(i => i.Severity == IssueSeverity.Error)) return new ParsedClasses([], issues, 0);

            var validator = new RowValidator(issues);
            var headerCount = reader.FieldCount;
            string? Cell(string column) =>
                columns.TryGetValue(column, out var ordinal) && ordinal < reader.RowFieldCount ? reader.GetString(ordinal) : null;

            while (reader.Read())
            {
                var row = ++record + 1;
                if (IsBlank(reader)) continue;
                rowCount++;
                if (rowCount > maxRows) continue;
                var extra = 0;
                for (var i = headerCount; i < reader.RowFieldCount; i++)
                    if (!string.IsNullOrWhiteSpace(reader.GetString(i))) extra++;
                if (extra > 0)
                    issues.Add(Error(row, null,
                        $"This row has {reader.RowFieldCount} values but the header has {headerCount} columns. Separate the ids in teacher_ids and student_ids with ; (semicolon), and put a value holding a comma in double quotes."));
                var parsed = validator.Check(row, Cell(ClassId), Cell(ClassName), Cell(SchoolName), Cell(Grade), Cell(Subject), Cell(TeacherIds), Cell(StudentIds));
                if (parsed is not null && extra == 0) classes.Add(parsed);
            }
        }
        catch (CsvRecordTooLargeException)
        {
            return Fail("A row of classes.csv is too long to read (over 16 MB). Check for a double quote that is opened but never closed.");
        }
        catch (CsvFormatException ex)
        {
            return Fail($"classes.csv is not valid CSV near row {ex.RowNumber}: {ex.Message} Check for a double quote inside a value that is not doubled (\"\").");
        }

        if (rowCount > maxRows)
            return Fail($"classes.csv has {rowCount:N0} rows; at most {maxRows:N0} classes can be uploaded at once.");
        if (rowCount == 0)
            issues.Add(Error(null, null, "classes.csv has a header but no classes. An upload lists every CSV class of the district; an empty one would deactivate them all."));
        return new ParsedClasses(classes, issues, rowCount);
    }

    private static bool IsBlank(CsvDataReader reader)
    {
        for (var i = 0; i < reader.RowFieldCount; i++)
            if (!string.IsNullOrWhiteSpace(reader.GetString(i))) return false;
        return true;
    }

    /// <summary>The rules one row (and, for uniqueness, the rows before it) can be checked against.</summary>
    private sealed class RowValidator(List<ImportIssue> issues)
    {
        private readonly Dictionary<string, int> _classIds = new(StringComparer.Ordinal);

        public ClassRow? Check(int row, string? classId, string? name, string? school, string? grade, string? subject, string? teachers, string? students)
        {
            var before = issues.Count;
            void Fault(string column, string message) => issues.Add(Error(row, column, message));
            string? Optional(string column, string? value, int max)
            {
                value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
                if (value is null || value.Length <= max) return value;
                issues.Add(Warning(row, column, $"{column} is {value.Length:N0} characters, longer than the {max:N0} Twig stores; it was shortened."));
                return ColumnLimits.Clip(value, max).TrimEnd();
            }

            classId = classId?.Trim() ?? "";
            name = name?.Trim() ?? "";
            school = school?.Trim() ?? "";

            if (classId.Length == 0) Fault(ClassId, "class_id is required.");
            else if (classId.Length > Lengths.ClassId) Fault(ClassId, $"class_id is {classId.Length:N0} characters, longer than the {Lengths.ClassId} Twig stores. An id is never shortened: correct it in the file.");
            else if (_classIds.TryGetValue(classId, out var firstRow)) Fault(ClassId, $"class_id \"{Shown(classId)}\" is also on row {firstRow}; each class appears once.");
            else _classIds[classId] = row;

            if (name.Length == 0) Fault(ClassName, "class_name is required.");
            else if (name.Length > Lengths.ClassName) Fault(ClassName, $"class_name is {name.Length:N0} characters, longer than the {Lengths.ClassName} Twig stores.");

            if (school.Length == 0) Fault(SchoolName, "school_name is required: the name of the school the class belongs to.");
            else if (school.Length > Lengths.SchoolName) Fault(SchoolName, $"school_name is {school.Length:N0} characters, longer than the {Lengths.SchoolName} Twig stores.");

            var teacherIds = Ids(row, TeacherIds, teachers);
            var studentIds = Ids(row, StudentIds, students);
            foreach (var both in teacherIds.Intersect(studentIds, StringComparer.Ordinal))
                Fault(StudentIds, $"\"{Shown(both)}\" is in both teacher_ids and student_ids; a person is in a class once, as a teacher or as a student.");
            if (teacherIds.Count == 0 && issues.Count == before)
                issues.Add(Warning(row, TeacherIds, "This class has no teacher: only its students will see it."));

            var gradeValue = Optional(Grade, grade, Lengths.Grade);
            var subjectValue = Optional(Subject, subject, Lengths.Subject);
            if (issues.Skip(before).Any(i => i.Severity == IssueSeverity.Error)) return null;
            return new ClassRow(row, classId, name, school, gradeValue, subjectValue, teacherIds, studentIds);
        }

        /// <summary>A ;-separated id list. A comma or a bar between ids is the usual mistake (a spreadsheet's list); it is refused, not guessed.</summary>
        private List<string> Ids(int row, string column, string? cell)
        {
            var ids = new List<string>();
            if (string.IsNullOrWhiteSpace(cell)) return ids;
            if (cell.Contains(',') || cell.Contains('|') || cell.Contains('\t'))
            {
                var separator = cell.Contains(',') ? "," : cell.Contains('|') ? "|" : "a tab";
                issues.Add(Error(row, column, $"{column} \"{Shown(cell.Trim())}\" separates ids with {(separator.Length == 1 ? $"\"{separator}\"" : separator)}; separate them with ; (semicolon)."));
                return ids;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in cell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (seen.Add(id)) ids.Add(id);
                else issues.Add(Warning(row, column, $"{column} lists \"{Shown(id)}\" twice; it counts once."));
            }
            return ids;
        }
    }
}
