using System.Text.RegularExpressions;
using Twig.Web.Domain;

namespace Twig.Web.Data.Imports;

/// <summary>
/// How every roster import (users.csv, a OneRoster package) reads a person's fields: one normalisation for usernames and
/// school names, one e-mail check, one password length rule, one word per role, and the column lengths the EF model allows.
/// </summary>
public static partial class RosterFields
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    /// <summary>Column lengths from the EF model (SQL Server refuses a longer value): a file is checked against these.</summary>
    public static class Lengths
    {
        public static readonly int Username = Math.Min(
            ColumnLimits.Of<Person>(nameof(Person.Username)), ColumnLimits.Of<Person>(nameof(Person.NormalizedUsername)));
        public static readonly int Email = Math.Min(
            ColumnLimits.Of<Person>(nameof(Person.Email)), ColumnLimits.Of<Person>(nameof(Person.NormalizedEmail)));
    }

    /// <summary>Upper-cased and trimmed, as school names are compared (usernames: <see cref="SignInName.Key"/>).</summary>
    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    [GeneratedRegex(@"^[^@\s""<>(),;:\\\[\]]+@[^@\s""<>(),;:\\\[\]]+\.[^@\s""<>(),;:\\\[\]]+$")]
    private static partial Regex EmailPattern();

    public static bool IsEmail(string value) => value.Length <= Lengths.Email && EmailPattern().IsMatch(value);

    /// <summary>The word a file uses for a role (users.csv's <c>role</c> column, the people export).</summary>
    public static string RoleName(PersonRoles role) => UsersCsvRoles.Name(role);

    public static PersonRoles? ParseRole(ReadOnlySpan<char> value)
    {
        var role = value.Trim();
        return role.Equals("student", StringComparison.OrdinalIgnoreCase) ? PersonRoles.Student
            : role.Equals("teacher", StringComparison.OrdinalIgnoreCase) ? PersonRoles.Teacher
            : role.Equals("administrator", StringComparison.OrdinalIgnoreCase) ? PersonRoles.SchoolAdmin
            : null;
    }
}
