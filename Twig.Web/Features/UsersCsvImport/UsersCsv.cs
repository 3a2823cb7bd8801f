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

    private static readonly CsvText.FileLayout Layout = new(KnownHeaders, RequiredHeaders, File: null, new CsvText.FileWords
    {
        Empty = "The file is empty. It needs a header row and one row per person.",
        Workbook = "This is an Excel workbook (.xlsx), not a CSV file. In Excel choose File › Save As › " +
            "\"CSV UTF-8 (Comma delimited) (*.csv)\" and upload that file.",
        NotUtf8 = "The file is not UTF-8 text, so names with accents would be garbled. In Excel choose File › Save As › " +
            "\"CSV UTF-8 (Comma delimited) (*.csv)\"; in Google Sheets use File › Download › Comma-separated values.",
        Name = "The file",
        NameInSentence = "the file",
        Rows = "people",
        ExtraValuesHint = "A value holding a comma must be in double quotes.",
        NoRows = "The file has a header but no people. An upload lists every CSV person of the district; " +
            "an empty one would archive them all.",
    });

    /// <summary>
    /// About how many rows the file has (its line ends), to size the row checks once. Capped: a file of blank lines (which are
    /// skipped) must not make them reserve room for millions.
    /// </summary>
    private static int ExpectedRows(byte[] content, int maxRows) =>
        Math.Min(content.AsSpan().Count((byte)'\n') + 1, Math.Min(maxRows, 250_000));

    /// <summary>
    /// Reads and checks the whole file. File-level problems (not UTF-8, missing headers) stop the reading;
    /// row problems are collected for every row so the district sees them all at once.
    /// </summary>
    public static ParsedFile Parse(byte[] content, int maxRows)
    {
        var read = CsvText.Read<CsvPerson>(content, maxRows, Layout, (reader, columns, issues) =>
        {
            var rowValidator = new UsersCsvRowValidator(issues, columns, ExpectedRows(content, maxRows));
            return row => rowValidator.Check(row, reader);
        });
        return new ParsedFile(read.Rows, read.Issues, read.RowCount);
    }
}
