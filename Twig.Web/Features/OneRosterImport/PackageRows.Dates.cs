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
/// all of that day in the district, whatever the hour in UTC. beginDate is never read: teachers prepare their classes before
/// term starts, so an enrollment or role that begins later is kept as if it had begun.
/// </summary>
internal sealed partial class PackageRows
{
    /// <summary>
    /// Whether the row's endDate is before today. An unreadable date is a warning and is read as blank: the row is kept,
    /// nothing is lost.
    /// </summary>
    private bool Ended(PackageTable table, int endColumn, string kept)
    {
        var text = table.Span(endColumn);
        if (text.Length == 0) return false;
        if (DateOf(text) is { } end) return end < today;
        table.Warning("endDate", $"endDate \"{Shown(text.ToString())}\" is not a date written YYYY-MM-DD; it was read as blank, so " +
            $"the {kept} was kept.");
        return false;
    }

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
