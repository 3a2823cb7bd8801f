using System.Linq.Expressions;

namespace Twig.Web.Domain;

/// <summary>A person in a section, as a student or as a teacher. Its key is (section, person, role).</summary>
public class Enrollment
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public RosterSource Source { get; set; }
    public int SectionId { get; set; }
    public Section? Section { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public EnrollmentRole Role { get; set; }
    /// <summary>
    /// The class's primary (lead) teacher, as a OneRoster package's enrollments.csv says (<c>primary=true</c>); false for students
    /// and for sources that do not say (classes.csv, Clever). Listed first among a class's teachers.
    /// </summary>
    public bool IsPrimary { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime? DeactivatedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Who is in a class now: an active enrollment of an active person. An archived or deactivated person keeps their
    /// enrollments (they come back with the person), so every list and count of a class's members asks this, not IsActive alone.
    /// </summary>
    public static Expression<Func<Enrollment, bool>> Current { get; } = e => e.IsActive && e.Person!.IsActive;
}

public enum EnrollmentRole
{
    Student = 1,
    Teacher = 2,
}
