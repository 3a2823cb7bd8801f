using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using static Twig.Web.Features.UsersCsvImport.ClassesCsv;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>The cells of one classes.csv row as read (null when the column or the value is absent).</summary>
internal sealed record ClassCells
{
    public string? ClassId { get; init; }
    public string? Name { get; init; }
    public string? School { get; init; }
    public string? Grade { get; init; }
    public string? Subject { get; init; }
    public string? Teachers { get; init; }
    public string? Students { get; init; }
}

/// <summary>The rules one classes.csv row (and, for uniqueness, the rows before it) is checked against.</summary>
internal sealed class ClassesCsvRowValidator(List<ImportIssue> issues)
{
    private readonly Dictionary<string, int> _classIds = new(StringComparer.Ordinal);

    public ClassRow? Check(int row, ClassCells cells)
    {
        var before = issues.Count;
        void Fault(string column, string message) => issues.Add(Error(row, column, message));
        string? Optional(string column, string? value, int max)
        {
            value = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (value is null || value.Length <= max) return value;
            issues.Add(Warning(row, column,
                $"{column} is {value.Length:N0} characters, longer than the {max:N0} Twig stores; it was shortened."));
            return ColumnLimits.Clip(value, max).TrimEnd();
        }

        var classId = cells.ClassId?.Trim() ?? "";
        var name = cells.Name?.Trim() ?? "";
        var school = cells.School?.Trim() ?? "";

        if (classId.Length == 0) Fault(ClassId, "class_id is required.");
        else if (classId.Length > Lengths.ClassId)
            Fault(ClassId, $"class_id is {classId.Length:N0} characters, longer than the {Lengths.ClassId} Twig stores. " +
                "An id is never shortened: correct it in the file.");
        else if (_classIds.TryGetValue(classId, out var firstRow))
            Fault(ClassId, $"class_id \"{CsvText.Shown(classId)}\" is also on row {firstRow}; each class appears once.");
        else _classIds[classId] = row;

        if (name.Length == 0) Fault(ClassName, "class_name is required.");
        else if (name.Length > Lengths.ClassName)
            Fault(ClassName, $"class_name is {name.Length:N0} characters, longer than the {Lengths.ClassName} Twig stores.");

        if (school.Length == 0) Fault(SchoolName, "school_name is required: the name of the school the class belongs to.");
        else if (school.Length > Lengths.SchoolName)
            Fault(SchoolName, $"school_name is {school.Length:N0} characters, longer than the {Lengths.SchoolName} Twig stores.");

        var teacherIds = Ids(row, TeacherIds, cells.Teachers);
        var studentIds = Ids(row, StudentIds, cells.Students);
        foreach (var both in teacherIds.Intersect(studentIds, StringComparer.Ordinal))
            Fault(StudentIds, $"\"{CsvText.Shown(both)}\" is in both teacher_ids and student_ids; " +
                "a person is in a class once, as a teacher or as a student.");
        if (teacherIds.Count == 0 && issues.Count == before)
            issues.Add(Warning(row, TeacherIds, "This class has no teacher: only its students will see it."));

        var grade = Optional(Grade, cells.Grade, Lengths.Grade);
        var subject = Optional(Subject, cells.Subject, Lengths.Subject);
        if (issues.Skip(before).Any(i => i.Severity == IssueSeverity.Error)) return null;
        return new ClassRow
        {
            Row = row,
            ClassId = classId,
            Name = name,
            School = school,
            Grade = grade,
            Subject = subject,
            TeacherIds = teacherIds,
            StudentIds = studentIds,
        };
    }

    /// <summary>
    /// A ;-separated id list. A comma or a bar between ids is the usual mistake (a spreadsheet's list); it is refused, not guessed.
    /// </summary>
    private List<string> Ids(int row, string column, string? cell)
    {
        var ids = new List<string>();
        if (string.IsNullOrWhiteSpace(cell)) return ids;
        if (cell.Contains(',') || cell.Contains('|') || cell.Contains('\t'))
        {
            var separator = cell.Contains(',') ? "\",\"" : cell.Contains('|') ? "\"|\"" : "a tab";
            issues.Add(Error(row, column,
                $"{column} \"{CsvText.Shown(cell.Trim())}\" separates ids with {separator}; separate them with ; (semicolon)."));
            return ids;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in cell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (seen.Add(id)) ids.Add(id);
            else issues.Add(Warning(row, column, $"{column} lists \"{CsvText.Shown(id)}\" twice; it counts once."));
        }
        return ids;
    }
}
