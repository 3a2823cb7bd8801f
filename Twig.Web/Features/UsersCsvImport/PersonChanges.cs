using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>One field a row changes, in the words of the preview: "first name", "Ben" → "Benjamin".</summary>
public sealed record FieldChange(string Field, string Old, string New);

/// <summary>
/// Which of a person's fields a users.csv row changes. The plan asks only whether any differs (for every row); the preview
/// lists them (for the rows on the page it shows), from this one list of fields. A password is not among them: which
/// passwords differ is known only by checking each against its hash, at the confirmation.
/// </summary>
public static class PersonChanges
{
    private static readonly (string Name, Func<ExistingPerson, string?> Old, Func<CsvPerson, string?> New)[] TextFields =
    [
        ("first name", e => e.FirstName, r => r.FirstName),
        ("last name", e => e.LastName, r => r.LastName),
        ("e-mail", e => e.Email, r => r.Email),
        ("username", e => e.Username, r => r.Username),
    ];

    public static bool FieldsDiffer(ExistingPerson existing, CsvPerson row)
    {
        foreach (var (_, old, now) in TextFields)
            if (old(existing) != now(row)) return true;
        return existing.Roles != row.Role;
    }

    /// <summary>What <paramref name="update"/> changes; <paramref name="schoolName"/> names a school of the district by id.</summary>
    public static IReadOnlyList<FieldChange> Of(PersonUpdate update, Func<int, string> schoolName)
    {
        var (existing, row) = (update.Existing, update.Row);
        var changes = new List<FieldChange>();
        if (update.Reactivate) changes.Add(new FieldChange("status", "archived", "active"));
        foreach (var (name, old, now) in TextFields)
            if (old(existing) != now(row)) changes.Add(new FieldChange(name, old(existing) ?? "", now(row) ?? ""));
        if (existing.Roles != row.Role)
            changes.Add(new FieldChange("role", RosterFields.RoleName(ImportPlan.PrimaryRole(existing.Roles)),
                RosterFields.RoleName(row.Role)));
        if (update.SchoolsChanged)
            changes.Add(new FieldChange("schools",
                string.Join("; ", existing.SchoolIds.Select(schoolName).Order(StringComparer.OrdinalIgnoreCase)),
                string.Join("; ", row.SchoolNames)));
        return changes;
    }
}
