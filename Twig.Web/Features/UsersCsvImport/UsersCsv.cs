using System.Text;
using System.Text.RegularExpressions;
using Sylvan.Data.Csv;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>One person as the file gives them; the row number counts the header (the first person is row 2).</summary>
public sealed record CsvPerson(
    int Row, string UserId, string FirstName, string LastName, string? Username, string? Password,
    PersonRoles Role, string? Email, IReadOnlyList<string> SchoolNames);

/// <summary>A problem with a file, a row or a cell. Never carries a password. <paramref name="File"/> names the file (users.csv when null).</summary>
public sealed record ImportIssue(IssueSeverity Severity, int? Row, string? Column, string Message, string? File = null);

/// <summary>What the file says, before it is compared with the district: the people of valid rows and every problem found.</summary>
public sealed record ParsedFile(IReadOnlyList<CsvPerson> People, IReadOnlyList<ImportIssue> Issues, int RowCount)
{
    public bool HasErrors => Issues.Any(i => i.Severity == IssueSeverity.Error);
}

/// <summary>
/// The Twig Science Format users.csv: its columns, a template, and a parser that reads it with Sylvan.Data.Csv
/// (RFC 4180 quoting, UTF-8 with or without BOM) and checks every row, reporting all problems at once.
/// </summary>
public static partial class UsersCsv
{
    public const string UserId = "user_id";
    public const string FirstName = "first_name";
    public const string LastName = "last_name";
    public const string Username = "username";
    public const string Password = "password";
    public const string Role = "role";
    public const string Email = "email";
    public const string SchoolNames = "school_names";

    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;
    public const int MaxSchoolNameLength = 100;

    /// <summary>Column lengths from the EF model (SQL Server refuses a longer value): the file is checked against these.</summary>
    public static class Lengths
    {
        public static readonly int UserId = ColumnLimits.Of<Person>(nameof(Person.ExternalId));
        public static readonly int FirstName = ColumnLimits.Of<Person>(nameof(Person.FirstName));
        public static readonly int LastName = ColumnLimits.Of<Person>(nameof(Person.LastName));
        public static readonly int Username = Math.Min(ColumnLimits.Of<Person>(nameof(Person.Username)), ColumnLimits.Of<Person>(nameof(Person.NormalizedUsername)));
        public static readonly int Email = Math.Min(ColumnLimits.Of<Person>(nameof(Person.Email)), ColumnLimits.Of<Person>(nameof(Person.NormalizedEmail)));
        public static readonly int SchoolName = Math.Min(MaxSchoolNameLength, ColumnLimits.Of<School>(nameof(School.Name)));
        public static readonly int IssueColumn = ColumnLimits.Of<CsvImportIssue>(nameof(CsvImportIssue.Column));
        public static readonly int IssueMessage = ColumnLimits.Of<CsvImportIssue>(nameof(CsvImportIssue.Message));
    }

    /// <summary>A value quoted in a message, cut short so the message always fits its column.</summary>
    private static string Shown(string value) => value.Length <= 40 ? value : ColumnLimits.Clip(value, 40) + "…";

    public sealed record ColumnGuide(string Name, bool HeaderRequired, string Value, string Meaning);

    /// <summary>The column guide shown on the upload page and in the README, in file order.</summary>
    public static readonly IReadOnlyList<ColumnGuide> Columns =
    [
        new(UserId, true, $"Required. Up to {Lengths.UserId} characters; unique in the file; case-sensitive.",
            "The person's permanent id. It decides who is new, who changes and who is archived. Never reuse or change it."),
        new(FirstName, true, $"Required. Up to {Lengths.FirstName} characters (a longer one is shortened, with a warning).", "First name shown in Twig."),
        new(LastName, true, $"Required. Up to {Lengths.LastName} characters (a longer one is shortened, with a warning).", "Last name shown in Twig."),
        new(Username, false, $"Optional. Up to {Lengths.Username} letters, digits and . _ @ + -; unique in the district (upper/lower case ignored).",
            "The name the person types on the district's sign-in page, together with the password."),
        new(Password, true, $"Column required, value optional. At least {MinPasswordLength} characters when given.",
            "Sets the username password (stored only as a hash). Left empty, an existing password is kept."),
        new(Role, true, "Required. student, teacher or administrator.",
            "student uses a licensed seat; administrator is a school administrator."),
        new(Email, true, "Column required, value optional. A valid e-mail address.",
            "A Google account address here lets the person use \"Sign in with Google\"."),
        new(SchoolNames, false, "Optional. School names separated by ; (semicolon).",
            "Links the person to those schools. A name that matches an active school of the district (upper/lower case ignored) uses it; any other name creates that school."),
    ];

    public static readonly IReadOnlyList<string> RequiredHeaders = [UserId, FirstName, LastName, Role, Password, Email];

    private static readonly string[] KnownHeaders = [UserId, FirstName, LastName, Username, Password, Role, Email, SchoolNames];

    /// <summary>The headers and two example rows; what the template download holds.</summary>
    public static string Template =>
        "user_id,first_name,last_name,username,password,role,email,school_names\r\n" +
        "S-1001,Ada,Lovelace,ada.lovelace,change-me-2025,student,ada.lovelace@students.example.org,Lincoln Elementary\r\n" +
        "T-2001,Grace,Hopper,ghopper,,teacher,grace.hopper@example.org,Lincoln Elementary;Washington Middle\r\n";

    public static string RoleName(PersonRoles role) => UsersCsvRoles.Name(role);

    public static PersonRoles? ParseRole(string value)
    {
        var role = value.AsSpan().Trim();
        return role.Equals("student", StringComparison.OrdinalIgnoreCase) ? PersonRoles.Student
            : role.Equals("teacher", StringComparison.OrdinalIgnoreCase) ? PersonRoles.Teacher
            : role.Equals("administrator", StringComparison.OrdinalIgnoreCase) ? PersonRoles.SchoolAdmin
            : null;
    }

    /// <summary>Upper-cased and trimmed, as usernames and school names are compared.</summary>
    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    [GeneratedRegex(@"^[A-Za-z0-9._@+\-]+$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[^@\s""<>(),;:\\\[\]]+@[^@\s""<>(),;:\\\[\]]+\.[^@\s""<>(),;:\\\[\]]+$")]
    private static partial Regex EmailPattern();

    public static bool IsEmail(string value) => value.Length <= Lengths.Email && EmailPattern().IsMatch(value);

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

        if (content.Length == 0) return Fail("The file is empty. It needs a header row and one row per person.");
        if (content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4)
            return Fail("This is an Excel workbook (.xlsx), not a CSV file. In Excel choose File › Save As › \"CSV UTF-8 (Comma delimited) (*.csv)\" and upload that file.");
        if (!System.Text.Unicode.Utf8.IsValid(content) || content.AsSpan().Contains((byte)0))
            return Fail("The file is not UTF-8 text, so names with accents would be garbled. In Excel choose File › Save As › \"CSV UTF-8 (Comma delimited) (*.csv)\"; in Google Sheets use File › Download › Comma-separated values.");

        using var text = new StreamReader(new MemoryStream(content, writable: false), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        if (text.Peek() == '\uFEFF') text.Read();

        var options = new CsvDataReaderOptions
        {
            HasHeaders = true,
            Delimiter = ',',
            Quote = '"',
            CsvStyle = CsvStyle.Standard,
            BufferSize = 1 << 16,
            MaxBufferSize = 1 << 24,
        };

        var people = new List<CsvPerson>();
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
                if (!KnownHeaders.Contains(key)) { unknown.Add(ColumnLimits.Clip(name, Lengths.IssueColumn)); continue; }
                if (!columns.TryAdd(key, i))
                    issues.Add(new ImportIssue(IssueSeverity.Error, 1, name, $"The column \"{name}\" appears more than once in the header."));
            }
            var missing = RequiredHeaders.Where(h => !columns.ContainsKey(h)).ToList();
            if (missing.Count > 0)
                issues.Add(new ImportIssue(IssueSeverity.Error, 1, null,
                    $"The header row is missing the required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}. " +
                    $"The first row must name the columns: {string.Join(",", KnownHeaders)}."));
            foreach (var name in unknown)
                issues.Add(new ImportIssue(IssueSeverity.Warning, 1, name, $"The column \"{Shown(name)}\" is not part of the format and is ignored."));
            if (issues.Any(i => i.Severity == IssueSeverity.Error)) return new ParsedFile([], issues, 0);

            var rowValidator = new RowValidator(issues);
            var headerCount = reader.FieldCount;
            // Ordinals looked up once; an absent optional column reads as null.
            int Ordinal(string column) => columns.TryGetValue(column, out var ordinal) ? ordinal : -1;
            int userId = Ordinal(UserId), firstName = Ordinal(FirstName), lastName = Ordinal(LastName), username = Ordinal(Username),
                password = Ordinal(Password), role = Ordinal(Role), email = Ordinal(Email), schoolNames = Ordinal(SchoolNames);
            string? Cell(int ordinal) => ordinal >= 0 && ordinal < reader.RowFieldCount ? reader.GetString(ordinal) : null;

            while (reader.Read())
            {
                var row = ++record + 1;
                if (IsBlank(reader)) continue;
                rowCount++;
                if (rowCount > maxRows) continue;
                var extra = ExtraValues(reader, headerCount);
                if (extra > 0)
                    issues.Add(new ImportIssue(IssueSeverity.Error, row, null,
                        $"This row has {reader.RowFieldCount} values but the header has {headerCount} columns. A value holding a comma must be in double quotes."));
                var person = rowValidator.Check(row, Cell(userId), Cell(firstName), Cell(lastName), Cell(username), Cell(password), Cell(role), Cell(email), Cell(schoolNames));
                if (person is not null && extra == 0) people.Add(person);
            }
        }
        catch (CsvRecordTooLargeException)
        {
            return Fail("A row of the file is too long to read (over 16 MB). Check for a double quote that is opened but never closed.");
        }
        catch (CsvFormatException ex)
        {
            return Fail($"The file is not valid CSV near row {ex.RowNumber}: {ex.Message} Check for a double quote inside a value that is not doubled (\"\").");
        }

        if (rowCount > maxRows)
            return Fail($"The file has {rowCount:N0} rows; at most {maxRows:N0} people can be uploaded at once.");
        if (rowCount == 0)
            issues.Add(new ImportIssue(IssueSeverity.Error, null, null, "The file has a header but no people. An upload lists every CSV person of the district; an empty one would archive them all."));
        return new ParsedFile(people, issues, rowCount);
    }

    // Both look at the reader's own buffer: only the cells a row keeps become strings.
    private static bool IsBlank(CsvDataReader reader)
    {
        for (var i = 0; i < reader.RowFieldCount; i++)
            if (!reader.GetFieldSpan(i).IsWhiteSpace()) return false;
        return true;
    }

    private static int ExtraValues(CsvDataReader reader, int headerCount)
    {
        var extra = 0;
        for (var i = headerCount; i < reader.RowFieldCount; i++)
            if (!reader.GetFieldSpan(i).IsWhiteSpace()) extra++;
        return extra;
    }

    /// <summary>The rules a single row (and the rows before it, for uniqueness) can be checked against.</summary>
    private sealed class RowValidator(List<ImportIssue> issues)
    {
        private readonly Dictionary<string, int> _userIds = new(StringComparer.Ordinal);
        // Compared as Normalize / ToUpperInvariant compare them, without an upper-cased copy of every value.
        private readonly Dictionary<string, int> _usernames = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int> _emails = new(StringComparer.OrdinalIgnoreCase);

        public CsvPerson? Check(int row, string? userId, string? firstName, string? lastName, string? username, string? password,
            string? role, string? email, string? schools)
        {
            var failed = false;
            void Error(string column, string message)
            {
                failed = true;
                issues.Add(new ImportIssue(IssueSeverity.Error, row, column, message));
            }
            string Shortened(string column, string value, int max)
            {
                if (value.Length <= max) return value;
                issues.Add(new ImportIssue(IssueSeverity.Warning, row, column, $"{column} is {value.Length:N0} characters, longer than the {max:N0} Twig stores; it was shortened."));
                return ColumnLimits.Clip(value, max).TrimEnd();
            }

            userId = userId?.Trim() ?? "";
            firstName = firstName?.Trim() ?? "";
            lastName = lastName?.Trim() ?? "";
            username = string.IsNullOrWhiteSpace(username) ? null : username.Trim();
            email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
            password = string.IsNullOrEmpty(password) ? null : password;

            if (userId.Length == 0) Error(UserId, "user_id is required.");
            else if (userId.Length > Lengths.UserId) Error(UserId, $"user_id is {userId.Length:N0} characters, longer than the {Lengths.UserId} Twig stores. An id is never shortened (it would name someone else): correct it in the file.");
            else if (_userIds.TryGetValue(userId, out var firstRow)) Error(UserId, $"user_id \"{userId}\" is also on row {firstRow}; each person appears once.");
            else _userIds[userId] = row;

            if (firstName.Length == 0) Error(FirstName, "first_name is required.");
            else firstName = Shortened(FirstName, firstName, Lengths.FirstName);
            if (lastName.Length == 0) Error(LastName, "last_name is required.");
            else lastName = Shortened(LastName, lastName, Lengths.LastName);

            if (username is not null)
            {
                if (username.Length > Lengths.Username) Error(Username, $"username is {username.Length:N0} characters, longer than the {Lengths.Username} Twig stores. A username is never shortened (it is what the person types): correct it in the file.");
                else if (!UsernamePattern().IsMatch(username)) Error(Username, $"username \"{Shown(username)}\" may hold only letters, digits and . _ @ + - (no spaces).");
                else if (!_usernames.TryAdd(username, row)) Error(Username, $"username \"{username}\" is also on row {_usernames[username]}; usernames are unique (upper/lower case ignored).");
            }

            if (password is not null && password.Length < MinPasswordLength) Error(Password, $"The password is shorter than {MinPasswordLength} characters.");
            else if (password is not null && password.Length > MaxPasswordLength) Error(Password, $"The password is longer than {MaxPasswordLength} characters.");

            PersonRoles? parsedRole = null;
            if (string.IsNullOrWhiteSpace(role)) Error(Role, "role is required: student, teacher or administrator.");
            else if ((parsedRole = ParseRole(role)) is null) Error(Role, $"role \"{Shown(role.Trim())}\" is not student, teacher or administrator.");

            if (email is not null && email.Length > Lengths.Email) Error(Email, $"The e-mail address is {email.Length:N0} characters, longer than the {Lengths.Email} an address can have.");
            else if (email is not null && !IsEmail(email)) Error(Email, $"\"{Shown(email)}\" is not a valid e-mail address.");
            else if (email is not null && !_emails.TryAdd(email, row))
                issues.Add(new ImportIssue(IssueSeverity.Warning, row, Email,
                    $"The e-mail address is also on row {_emails[email]}; \"Sign in with Google\" needs an address that belongs to one person."));

            var schoolNames = new List<string>();
            if (!string.IsNullOrWhiteSpace(schools))
            {
                foreach (var name in schools.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (name.Length > Lengths.SchoolName) Error(SchoolNames, $"The school name \"{Shown(name)}\" is longer than {Lengths.SchoolName} characters.");
                    else if (!schoolNames.Contains(name, StringComparer.OrdinalIgnoreCase)) schoolNames.Add(name);
                }
            }

            if (failed) return null;
            return new CsvPerson(row, userId, firstName, lastName, username, password, parsedRole!.Value, email, schoolNames);
        }
    }
}
