namespace Twig.Web.Domain;

public class Section : RosteredRecord
{
    public int? SchoolId { get; set; }
    public School? School { get; set; }
    public string Name { get; set; } = "";
    public string? Subject { get; set; }
    public string? Grade { get; set; }
    public string? Period { get; set; }
    public string? SisId { get; set; }

    public List<Enrollment> Enrollments { get; set; } = [];
}
