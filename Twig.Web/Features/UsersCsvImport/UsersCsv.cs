using Sylvan.Data.Csv;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// The Twig Science Format users.csv: its columns, a template, and a parser that reads it with Sylvan.Data.Csv
/// (RFC 4180 quoting, UTF-8 with or without BOM) and checks every row, reporting all problems at once.
/// </summary>
public static class UsersCsv
{
    public const string UserId = "user_id";
    public const string FirstName = "first_name";
    public const string LastName = "last_name";
    public const string Username = "username";
    public const string Password = "password";
    public const string Role = "role";
    public const string Email = "email";
    public const string SchoolNames = "school_names";

    public const int MaxSchoolNameLength = 100;

    /// <summary>Column lengths from the EF model (SQL Server refuses a longer value): the file is checked against these.</summary>
    public static class Lengths
    {
        public static readonly int UserId = ColumnLimits.Of<Person>(nameof(Person.ExternalId));
        public static readonly int FirstName = ColumnLimits.Of<Person>(nameof(Person.FirstName));
        public static readonly int LastName = ColumnLimits.Of<Person>(nameof(Person.LastName));
        public static readonly int Username = RosterFields.Lengths.Username;
        public static readonly int Email = RosterFields.Lengths.Email;
        public static readonly int SchoolName = Math.Min(MaxSchoolNameLength, ColumnLimits.Of<School>(nameof(School.Name)));
        public static readonly int IssueColumn = ColumnLimits.Of<CsvImportIssue>(nameof(CsvImportIssue.Column));
        public static readonly int IssueMessage = ColumnLimits.Of<CsvImportIssue>(nameof(CsvImportIssue.Message));
    }

    public sealed record ColumnGuide(string Name, bool HeaderRequired, string Value, string Meaning);

    /// <summary>The column guide shown on the upload page and in the README, in file order.</summary>
    public static readonly IReadOnlyList<ColumnGuide> Columns =
    [
        new(UserId, true, $"Required. Up to {Lengths.UserId} characters; unique in the file; case-sensitive.",
            "The person's permanent id. It decides who is new, who changes and who is archived. Never reuse or change it."),
        new(FirstName, true, $"Required. Up to {Lengths.FirstName} characters (a longer one is shortened, with a warning).",
            "First name shown in Twig."),
        new(LastName, true, $"Required. Up to {Lengths.LastName} characters (a longer one is shortened, with a warning).",
            "Last name shown in Twig."),
        new(Username, false,
            $"Optional. Up to {Lengths.Username} letters, digits and . _ @ + -; unique in the district (upper/lower case ignored).",
            "The name the person types on the district's sign-in page, together with the password."),
        new(Password, true, $"Column required, value optional. At least {RosterFields.MinPasswordLength} characters when given.",
            "Sets the username password (stored only as a hash). Left empty, an existing password is kept."),
        new(Role, true, "Required. student, teacher or administrator.",
            "student uses a licensed seat; administrator is a school administrator."),
        new(Email, true, "Column required, value optional. A valid e-mail address.",
            "A Google account address here lets the person use \"Sign in with Google\"."),
        new(SchoolNames, false, "Optional. School names separated by ; (semicolon).",
            "Links the person to those schools. A name that matches an active school of the district (upper/lower case ignored) " +
            "uses it; any other name creates that school."),
    ];

    public static readonly IReadOnlyList<string> RequiredHeaders = [UserId, FirstName, LastName, Role, Password, Email];

    private static readonly string[] KnownHeaders = [UserId, FirstName, LastName, Username, Password, Role, Email, SchoolNames];

    /// <summary>The headers and two example rows; what the template download holds.</summary>
    public static string Template =>
        "user_id,first_name,last_name,username,password,role,email,school_names\r\n" +
        "S-1001,Ada,Lovelace,ada.lovelace,change-me-2025,student,ada.lovelace@students.example.org,Lincoln Elementary\r\n" +
        "T-2001,Grace,Hopper,ghopper,,teacher,grace.hopper@example.org,Lincoln Elementary;Washington Middle\r\n";

    private static readonly CsvText.FileWords Words = new(
        Empty: "The file is empty. It needs a header row and one row per person.",
        Workbook: "This is an Excel workbook (.xlsx), not a CSV file. In Excel choose File › Save As › " +
            "\"CSV UTF-8 (Comma delimited) (*.csv)\" and upload that file.",
        NotUtf8: "The file is not UTF-8 text, so names with accents would be garbled. In Excel choose File › Save As › " +
            "\"CSV UTF-8 (Comma delimited) (*.csv)\"; in Google Sheets use File › Download › Comma-separated values.");

    /// <summary>
    /// Reads and checks the whole file. File-level problems (not UTF-8, missing headers) stop the reading;
    /// row problems are collected for every row so the district sees them all at once.
    /// </summary>
    public static ParsedFile Parse(byte[] content, int maxRows)
    {
        var issues = new List<ImportIssue>();
        ParsedFile Fail(string message)
        {
            issues.Add(new ImportIssue(IssueSeverity.Error, null, null, message));
            return new ParsedFile([], issues, 0);
        }

        if (CsvText.FileProblem(content, Words) is { } problem) return Fail(problem);

        var people = new List<CsvPerson>();
        var rowCount = 0;
        var record = 0;
        try
        {
            using var reader = CsvText.Open(content);
            var columns = CsvText.ReadHeader(reader, KnownHeaders, RequiredHeaders, file: null, issues);
            if (issues.Any(i => i.Severity == IssueSeverity.Error)) return new ParsedFile([], issues, 0);

            var rowValidator = new UsersCsvRowValidator(issues, columns);
            var headerCount = reader.FieldCount;
            while (reader.Read())
            {
                var row = ++record + 1;
                if (CsvText.IsBlank(reader)) continue;
                rowCount++;
                if (rowCount > maxRows) continue;
                var extra = CsvText.ExtraValues(reader, headerCount);
                if (extra > 0)
                    issues.Add(new ImportIssue(IssueSeverity.Error, row, null,
                        $"This row has {reader.RowFieldCount} values but the header has {headerCount} columns. " +
                        "A value holding a comma must be in double quotes."));
                var person = rowValidator.Check(row, reader);
                if (person is not null && extra == 0) people.Add(person);
            }
        }
        catch (CsvRecordTooLargeException)
        {
            return Fail("A row of the file is too long to read (over 16 MB). Check for a double quote that is opened but never closed.");
        }
        catch (CsvFormatException ex)
        {
            return Fail($"The file is not valid CSV near row {ex.RowNumber}: {ex.Message} " +
                "Check for a double quote inside a value that is not doubled (\"\").");
        }

        if (rowCount > maxRows)
            return Fail($"The file has {rowCount:N0} rows; at most {maxRows:N0} people can be uploaded at once.");
        if (rowCount == 0)
            issues.Add(new ImportIssue(IssueSeverity.Error, null, null,
                "The file has a header but no people. An upload lists every CSV person of the district; " +
                "an empty one would archive them all."));
        return new ParsedFile(people, issues, rowCount);
    }
}
