namespace Twig.Web.Domain;

public class School : RosteredRecord
{
    public string Name { get; set; } = "";
    public string? SisId { get; set; }
    public string? SchoolNumber { get; set; }
    public string? LowGrade { get; set; }
    public string? HighGrade { get; set; }
}
