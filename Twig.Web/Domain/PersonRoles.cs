namespace Twig.Web.Domain;

/// <summary>A person may hold several roles at once (a teacher who is also a school administrator).</summary>
[Flags]
public enum PersonRoles
{
    None = 0,
    Student = 1,
    Teacher = 2,
    SchoolAdmin = 4,
    DistrictAdmin = 8,
}
