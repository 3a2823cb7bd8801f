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
    /// <summary>Hash of the Clever fields last written (null until a sync writes it): an unchanged section is compared without reading
    /// it.</summary>
    public long? RecordHash { get; set; }
    /// <summary>Hash of the Clever membership (who, in which role) last applied: unchanged, the section's enrollments are not read at
    /// all.</summary>
    public long? MembershipHash { get; set; }

    public List<Enrollment> Enrollments { get; set; } = [];
}
