using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

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
            "The class's permanent id. It decides which classes are new, which change and which are deactivated. " +
            "Never reuse or change it."),
        new(ClassName, true, $"Required. Up to {Lengths.ClassName} characters.", "The class name teachers and students see."),
        new(SchoolName, true,
            "Required. The name of an active school of the district (upper/lower case ignored), " +
            "or one named in the users.csv uploaded with it.",
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

    /// <summary>
    /// The headers and two example rows. They name only the people and schools of the users.csv template, so the two
    /// templates uploaded together as they are make a valid pair (a class may start without students).
    /// </summary>
    public static string Template =>
        "class_id,class_name,school_name,grade,subject,teacher_ids,student_ids\r\n" +
        "C-5A,Grade 5 Science (Hopper),Lincoln Elementary,5,Science,T-2001,S-1001\r\n" +
        "C-6B,Grade 6 Science (Hopper),Washington Middle,6,Science,T-2001,\r\n";

    internal static ImportIssue Error(int? row, string? column, string message) => new(IssueSeverity.Error, row, column, message, FileName);

    internal static ImportIssue Warning(int? row, string? column, string message) =>
        new(IssueSeverity.Warning, row, column, message, FileName);

    private static readonly CsvText.FileLayout Layout = new(KnownHeaders, RequiredHeaders, FileName, new CsvText.FileWords
    {
        Empty = "classes.csv is empty. It needs a header row and one row per class.",
        Workbook = "classes.csv is an Excel workbook (.xlsx), not a CSV file. In Excel choose File › Save As › " +
            "\"CSV UTF-8 (Comma delimited) (*.csv)\" and upload that file.",
        NotUtf8 = "classes.csv is not UTF-8 text, so names with accents would be garbled. In Excel choose File › Save As › " +
            "\"CSV UTF-8 (Comma delimited) (*.csv)\".",
        Name = "classes.csv",
        NameInSentence = "classes.csv",
        Rows = "classes",
        ExtraValuesHint = "Separate the ids in teacher_ids and student_ids with ; (semicolon), " +
            "and put a value holding a comma in double quotes.",
        NoRows = "classes.csv has a header but no classes. An upload lists every CSV class of the district; " +
            "an empty one would deactivate them all.",
    });

    /// <summary>Reads and checks the whole file; file-level problems stop the reading, row problems are collected for every row.</summary>
    public static ParsedClasses Parse(byte[] content, int maxRows)
    {
        var read = CsvText.Read<ClassRow>(content, maxRows, Layout, (reader, columns, issues) =>
        {
            var validator = new ClassesCsvRowValidator(issues);
            string? Cell(string column) =>
                columns.TryGetValue(column, out var ordinal) && ordinal < reader.RowFieldCount ? reader.GetString(ordinal) : null;
            return row => validator.Check(row, new ClassCells
            {
                ClassId = Cell(ClassId), Name = Cell(ClassName), School = Cell(SchoolName), Grade = Cell(Grade),
                Subject = Cell(Subject), Teachers = Cell(TeacherIds), Students = Cell(StudentIds),
            });
        });
        return new ParsedClasses(read.Rows, read.Issues, read.RowCount);
    }
}
