using System.Globalization;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Every value from Clever is checked against its column's length (read from the EF model) before it is planned, so an
/// over-long value is a warning on the run instead of a failed apply on SQL Server. An id that does not fit skips its
/// record (a shortened id would name someone else); a name that does not fit is shortened; any other field that does
/// not fit is left empty. Each warning names the record and the field, never the value.
/// </summary>
public static class CleverLengths
{
    public static readonly int ExternalId = ColumnLimits.Of<Person>(nameof(Person.ExternalId));
    public static readonly int IssueExternalId = ColumnLimits.Of<SyncIssue>(nameof(SyncIssue.ExternalId));

    /// <summary>False (with a warning) when the record's id is longer than Twig stores.</summary>
    public static bool IdFits(CleverChanges roster, RosterEntityType type, string id)
    {
        var max = type switch
        {
            RosterEntityType.School => ColumnLimits.Of<School>(nameof(School.ExternalId)),
            RosterEntityType.Section => ColumnLimits.Of<Section>(nameof(Section.ExternalId)),
            _ => ExternalId,
        };
        if (id.Length <= max) return true;
        // Counted as skipped once, however many roles list the record; no copy of it can exist in Twig.
        if (!roster.Skipped[type].Add(id)) return false;
        roster.Warn(type, ColumnLimits.Clip(id, IssueExternalId), "id",
            string.Create(CultureInfo.InvariantCulture,
                $"The id is {id.Length:N0} characters, longer than the {max:N0} Twig stores; the record was skipped (the id above is " +
                $"shortened)."));
        return false;
    }

    /// <summary>A required name: shortened to fit, with a warning.</summary>
    public static string Name(CleverChanges roster, RosterEntityType type, string id, string field, string value, int max)
    {
        if (value.Length <= max) return value;
        roster.Warn(type, id, field, string.Create(CultureInfo.InvariantCulture,
            $"{field} is {value.Length:N0} characters, longer than the {max:N0} Twig stores; it was shortened."));
        return ColumnLimits.Clip(value, max).TrimEnd();
    }

    /// <summary>An optional field: left empty when it does not fit, with a warning.</summary>
    public static string? Optional(CleverChanges roster, RosterEntityType type, string id, string field, string? value, int max)
    {
        if (value is null || value.Length <= max) return value;
        roster.Warn(type, id, field, string.Create(CultureInfo.InvariantCulture,
            $"{field} is {value.Length:N0} characters, longer than the {max:N0} Twig stores; it was left empty."));
        return null;
    }
}
