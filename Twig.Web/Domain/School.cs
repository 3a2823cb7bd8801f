namespace Twig.Web.Domain;

public class School : RosteredRecord
{
    public string Name { get; set; } = "";
    public string? SisId { get; set; }
    public string? SchoolNumber { get; set; }
    public string? LowGrade { get; set; }
    public string? HighGrade { get; set; }
    /// <summary>Hash of the Clever fields last written (null until a sync writes it): an unchanged school is compared without reading
    /// it.</summary>
    public long? RecordHash { get; set; }

    /// <summary>
    /// Several school names as one text, separated by semicolons as users.csv's school_names is: a name may hold a comma
    /// ("North Elementary, Maple Grove"), so a comma between names would read as two schools.
    /// </summary>
    public static string ListNames(IEnumerable<string> names) => string.Join("; ", names);
}
