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

public static class PersonRolesText
{
    /// <summary>"teacher, school administrator": the roles held, in words, in this order.</summary>
    public static string Describe(this PersonRoles roles) => string.Join(", ", new[]
        {
            (PersonRoles.Student, "student"), (PersonRoles.Teacher, "teacher"), (PersonRoles.SchoolAdmin, "school administrator"),
            (PersonRoles.DistrictAdmin, "district administrator"),
        }
        .Where(r => (roles & r.Item1) == r.Item1).Select(r => r.Item2));
}
