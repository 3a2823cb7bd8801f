using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Sylvan.Data.Csv;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Web;
using static Twig.Web.Features.UsersCsvImport.UsersCsv;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// The rules one users.csv row (and the rows before it, for uniqueness) is checked against. Every problem of the row is
/// reported, not only the first; a row with an error gives no person.
/// </summary>
/// <remarks><paramref name="expectedRows"/> sizes the uniqueness checks once: grown row by row they would be rehashed about
/// seventeen times on the way to 100,000.</remarks>
internal sealed partial class UsersCsvRowValidator(List<ImportIssue> issues, IReadOnlyDictionary<string, int> columns, int expectedRows)
{
    private readonly Dictionary<string, int> _userIds = new(expectedRows, StringComparer.Ordinal);
    // Compared as Normalize / ToUpperInvariant compare them, without an upper-cased copy of every value.
    private readonly Dictionary<string, int> _usernames = new(expectedRows, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _emails = new(expectedRows, StringComparer.OrdinalIgnoreCase);
    // Names and school lists repeat from row to row: each distinct one is kept once.
    private readonly TextPool _words = new();
    private const int MaxSchoolLists = 1 << 14;
    private readonly Dictionary<string, IReadOnlyList<string>>.AlternateLookup<ReadOnlySpan<char>> _schoolLists =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    // Ordinals looked up once; an absent optional column reads as null.
    private readonly int _userId = OrdinalOf(columns, UserId), _firstName = OrdinalOf(columns, FirstName),
        _lastName = OrdinalOf(columns, LastName), _username = OrdinalOf(columns, Username), _password = OrdinalOf(columns, Password),
        _role = OrdinalOf(columns, Role), _email = OrdinalOf(columns, Email), _schoolNames = OrdinalOf(columns, SchoolNames);

    private int _row;
    private bool _failed;
    private bool _mayBeShifted;

    [GeneratedRegex(@"^[A-Za-z0-9._@+\-]+$")]
    private static partial Regex UsernamePattern();

    private static int OrdinalOf(IReadOnlyDictionary<string, int> columns, string column) =>
        columns.TryGetValue(column, out var ordinal) ? ordinal : -1;

    public CsvPerson? Check(int row, CsvDataReader reader)
    {
        string? Cell(int ordinal) => ordinal >= 0 && ordinal < reader.RowFieldCount ? reader.GetString(ordinal) : null;
        ReadOnlySpan<char> Span(int ordinal) => ordinal >= 0 && ordinal < reader.RowFieldCount ? reader.GetFieldSpan(ordinal) : [];
        (_row, _failed) = (row, false);
        var hasRole = _role < reader.RowFieldCount;
        var roleCell = Span(_role);
        _mayBeShifted = _password >= 0 && (reader.RowFieldCount < reader.FieldCount || hasRole && RoleMoved(reader, roleCell));

        var userId = CheckUserId(Cell(_userId)?.Trim() ?? "");
        // Names come back from Twig's own download with the apostrophe that keeps a spreadsheet from running them.
        var firstName = Required(FirstName, _words.Get(SpreadsheetCsv.Unguarded(Span(_firstName).Trim())), Lengths.FirstName);
        var lastName = Required(LastName, _words.Get(SpreadsheetCsv.Unguarded(Span(_lastName).Trim())), Lengths.LastName);
        var username = CheckUsername(SignInName.Clean(Cell(_username)));
        var password = CheckPassword(Span(_password).IsEmpty ? null : Cell(_password));
        var role = CheckRole(roleCell);
        var email = CheckEmail(SignInName.Clean(Cell(_email)));
        var schoolNames = CheckSchools(Span(_schoolNames).Trim());

        if (_failed) return null;
        return new CsvPerson
        {
            Row = row, UserId = userId, FirstName = firstName, LastName = lastName, Username = username, Password = password,
            Role = role!.Value, Email = email, SchoolNames = schoolNames,
        };
    }

    /// <summary>
    /// The role cell may hold another column's value: an unquoted comma and a missing last value keep the count of values
    /// right while moving each one a column on (the password under role). Taken as moved when a role sits in another column,
    /// or when the role cell could be a password and the next cell holds a word where an address would be (a misspelled
    /// role moved on with the rest).
    /// </summary>
    private bool RoleMoved(CsvDataReader reader, ReadOnlySpan<char> roleCell)
    {
        if (RosterFields.ParseRole(roleCell) is not null) return false;
        if (roleCell.Trim().Length >= RosterFields.MinPasswordLength && _role + 1 < reader.RowFieldCount
            && reader.GetFieldSpan(_role + 1) is { Length: > 0 } next && !next.Contains('@')) return true;
        for (var ordinal = 0; ordinal < reader.RowFieldCount; ordinal++)
            if (ordinal != _role && RosterFields.ParseRole(reader.GetFieldSpan(ordinal)) is not null) return true;
        return false;
    }

    /// <summary>
    /// A cell quoted in a message. A row out of step with its header may have moved its password into another column, and a
    /// password is never stored or shown: that row's cells are described, not quoted.
    /// </summary>
    private string Quoted(string value) => _mayBeShifted
        ? "(not shown: this row looks out of step with the header, so a value may sit in the wrong column)"
        : $"\"{CsvText.Shown(value)}\"";

    private void Error(string column, string message)
    {
        _failed = true;
        issues.Add(new ImportIssue(IssueSeverity.Error, _row, column, message));
    }

    private string CheckUserId(string userId)
    {
        if (userId.Length == 0) Error(UserId, "user_id is required.");
        else if (userId.Length > Lengths.UserId)
            Error(UserId, $"user_id is {userId.Length:N0} characters, longer than the {Lengths.UserId} Twig stores. " +
                "An id is never shortened (it would name someone else): correct it in the file.");
        else
        {
            // One look-up per row: the first row of a user_id stays, a repeat names it.
            ref var firstRow = ref CollectionsMarshal.GetValueRefOrAddDefault(_userIds, userId, out var repeated);
            if (repeated) Error(UserId, $"user_id {Quoted(userId)} is also on row {firstRow}; each person appears once.");
            else firstRow = _row;
        }
        return userId;
    }

    /// <summary>A required name; one longer than Twig stores is shortened, with a warning.</summary>
    private string Required(string column, string value, int max)
    {
        if (value.Length == 0)
        {
            Error(column, $"{column} is required.");
            return value;
        }
        if (value.Length <= max) return value;
        issues.Add(new ImportIssue(IssueSeverity.Warning, _row, column,
            $"{column} is {value.Length:N0} characters, longer than the {max:N0} Twig stores; it was shortened."));
        return ColumnLimits.Clip(value, max).TrimEnd();
    }

    private string? CheckUsername(string? username)
    {
        if (username is null) return null;
        if (username.Length > Lengths.Username)
            Error(Username, $"username is {username.Length:N0} characters, longer than the {Lengths.Username} Twig stores. " +
                "A username is never shortened (it is what the person types): correct it in the file.");
        else if (!UsernamePattern().IsMatch(username))
            Error(Username, $"username {Quoted(username)} may hold only letters, digits and . _ @ + - (no spaces).");
        else if (!_usernames.TryAdd(username, _row))
            Error(Username,
                $"username {Quoted(username)} is also on row {_usernames[username]}; usernames are unique (upper/lower case ignored).");
        return username;
    }

    private string? CheckPassword(string? password)
    {
        if (password is not null && password.Length < RosterFields.MinPasswordLength)
            Error(Password, $"The password is shorter than {RosterFields.MinPasswordLength} characters.");
        else if (password is not null && password.Length > RosterFields.MaxPasswordLength)
            Error(Password, $"The password is longer than {RosterFields.MaxPasswordLength} characters.");
        return password;
    }

    private PersonRoles? CheckRole(ReadOnlySpan<char> role)
    {
        if (role.IsWhiteSpace())
        {
            Error(Role, "role is required: student, teacher or administrator.");
            return null;
        }
        var parsed = RosterFields.ParseRole(role);
        if (parsed is null) Error(Role, $"role {Quoted(role.Trim().ToString())} is not student, teacher or administrator.");
        return parsed;
    }

    private string? CheckEmail(string? email)
    {
        if (email is null) return null;
        if (email.Length > Lengths.Email)
            Error(Email, $"The e-mail address is {email.Length:N0} characters, longer than the {Lengths.Email} an address can have.");
        else if (!RosterFields.IsEmail(email)) Error(Email, _mayBeShifted
            ? $"The e-mail address is not valid {Quoted(email)}." : $"{Quoted(email)} is not a valid e-mail address.");
        else if (!_emails.TryAdd(email, _row))
            issues.Add(new ImportIssue(IssueSeverity.Warning, _row, Email,
                $"The e-mail address is also on row {_emails[email]}; " +
                "\"Sign in with Google\" needs an address that belongs to one person."));
        return email;
    }

    /// <summary>
    /// The schools of a <paramref name="cell"/> (trimmed). Most rows repeat another row's cell: a cell that passed is worked out
    /// once, and its rows share the list.
    /// </summary>
    private IReadOnlyList<string> CheckSchools(ReadOnlySpan<char> cell)
    {
        if (cell.IsEmpty) return [];
        if (_schoolLists.TryGetValue(cell, out var known)) return known;
        var schoolNames = new List<string>();
        var passed = true;
        foreach (var part in cell.Split(';'))
        {
            var name = cell[part].Trim();
            if (name.IsEmpty) continue;
            if (name.Length > Lengths.SchoolName)
            {
                passed = false;
                Error(SchoolNames, $"The school name {Quoted(name.ToString())} is longer than {Lengths.SchoolName} characters.");
            }
            else if (!Listed(schoolNames, name)) schoolNames.Add(_words.Get(name));
        }
        if (passed && _schoolLists.Dictionary.Count < MaxSchoolLists) _schoolLists.Dictionary.Add(cell.ToString(), schoolNames);
        return schoolNames;

        static bool Listed(List<string> names, ReadOnlySpan<char> name)
        {
            foreach (var listed in names)
                if (name.Equals(listed, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }
}
