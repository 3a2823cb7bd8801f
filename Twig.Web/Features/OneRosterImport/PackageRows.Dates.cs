using System.Globalization;
using Twig.Web.Data.Imports;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Infrastructure.Web.Times;
using static Twig.Web.Features.OneRosterImport.OneRosterReader;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// endDate in enrollments.csv and roles.csv. SIS exports keep last term's enrollments and a former principal's role with the
/// day they ended: such a row is no longer held, so it counts as absent from a bulk file and as a deletion in a delta.
/// "Today" is the district's own calendar day (<see cref="OneRosterState.Today"/>): an enrollment ending on the 20th holds
/// all of that day in the district, whatever the hour in UTC. beginDate is checked but never decides anything: teachers
/// prepare their classes before term starts, so an enrollment or role that begins later is kept as if it had begun.
/// </summary>
internal sealed partial class PackageRows
{
    /// <summary>
    /// Whether the row's endDate is before today, its beginDate checked with it (<see cref="CheckDates"/>).
    /// </summary>
    private bool Ended(PackageTable table, int beginColumn, int endColumn, string kept) =>
        CheckDates(table, "beginDate", beginColumn, endColumn, kept) is { } end && end < today;

    /// <summary>
    /// A row's begin (beginDate, or an academic session's startDate) and endDate, both optional: blank is allowed. An
    /// unreadable date is a warning and is read as blank: the row is kept, nothing is lost. A begin after the end is an error
    /// naming both dates: one of them is wrong in the SIS, and Twig cannot tell which. Returns the endDate, or null.
    /// </summary>
    private static DateOnly? CheckDates(PackageTable table, string beginName, int beginColumn, int endColumn, string kept)
    {
        var begin = DateIn(table, beginName, beginColumn, kept);
        var end = DateIn(table, "endDate", endColumn, kept);
        if (begin > end)
            table.Error(beginName, $"{beginName} {Iso(begin.Value)} is after endDate {Iso(end!.Value)}: the {kept} would end before " +
                "it begins. Correct the dates in the SIS and export the package again.");
        return end;
    }

    private static DateOnly? DateIn(PackageTable table, string column, int ordinal, string kept)
    {
        var text = table.Span(ordinal);
        if (text.Length == 0) return null;
        if (DateOf(text) is { } date) return date;
        table.Warning(column, $"{column} \"{Shown(text.ToString())}\" is not a date written YYYY-MM-DD; it was read as blank, so " +
            $"the {kept} was kept.");
        return null;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A OneRoster date, YYYY-MM-DD. A date and time (as dateLastModified is written, "2026-06-30T00:00:00Z") is read as the day
    /// it names, without moving it between zones: the SIS wrote the district's day.
    /// </summary>
    internal static DateOnly? DateOf(ReadOnlySpan<char> text)
    {
        const DateTimeStyles none = DateTimeStyles.None;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, none, out var date)) return date;
        if (text.Length > 10 && text[10] == 'T' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, none, out _)
            && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, none, out date))
            return date;
        return null;
    }

    /// <summary>One warning for a file's ended rows, however many: what they are and what Twig did with them.</summary>
    private void WarnEnded(string file, int count, string thing)
    {
        if (count == 0) return;
        var they = count == 1 ? "it was" : "they were";
        var done = manifest.ModeOf(file) == PackageFileMode.Delta
            ? $"{they} read as removed, as a tobedeleted row is"
            : $"{they} not imported; Twig removes any it holds, as when a row is missing from {file}";
        issues.Add(new PackageIssue(IssueSeverity.Warning, file, null, "endDate",
            $"{Counted.Of(count, thing)} ended before today ({DisplayTime.Day(today)}, the district's date), so {done}."));
    }
}
