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
}
