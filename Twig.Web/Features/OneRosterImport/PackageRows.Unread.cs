using System.Runtime.InteropServices;
using Twig.Web.Data.Imports;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// A file refused as a whole (not UTF-8, no header, a required column missing) has its own error. The rows of later files that
/// name its records are not each refused again ("userSourcedId "T1" is not a person in users.csv" once per enrollment of a
/// 100,000-student district): they are counted, and each file says in one line how many of its rows could not be checked.
/// </summary>
internal sealed partial class PackageRows
{
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);
    /// <summary>Classes whose school could not be checked, with the file that could not be read.</summary>
    private readonly Dictionary<string, string> _uncheckedClasses = new(StringComparer.Ordinal);
    private readonly Dictionary<(string File, string Column, string Unread), int> _unchecked = [];

    /// <summary>
    /// True when <paramref name="referenced"/> could not be read: the row's reference is counted as unchecked instead of being
    /// reported as missing.
    /// </summary>
    private bool Unread(string referenced, string file, string column) =>
        _unreadable.Contains(referenced) && Unchecked(referenced, file, column);

    /// <summary>Counts a row whose reference rests on <paramref name="unread"/>, a file that could not be read.</summary>
    private bool Unchecked(string unread, string file, string column)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(_unchecked, (file, column, unread), out _)++;
        return true;
    }

    /// <summary>One line per file and column for the references that could not be checked.</summary>
    private void SayUnchecked()
    {
        foreach (var ((file, column, unread), count) in _unchecked)
            issues.Add(new PackageIssue(IssueSeverity.Error, file, null, column,
                $"{count:N0} {(count == 1 ? "row" : "rows")} could not be checked: {(count == 1 ? "it names a record" : "they name records")} " +
                $"that rest on {unread}, which could not be read (its error is above). Correct {unread} first."));
    }
}
