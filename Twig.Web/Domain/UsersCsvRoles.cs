namespace Twig.Web.Domain;

/// <summary>
/// A person's role as the users.csv <c>role</c> column writes it: the upload's preview and the district's users.csv download
/// (so a downloaded file uploads back unchanged).
/// </summary>
public static class UsersCsvRoles
{
    public static string Name(PersonRoles role) => role switch
    {
        PersonRoles.Student => "student",
        PersonRoles.Teacher => "teacher",
        PersonRoles.SchoolAdmin => "administrator",
        _ => role.ToString().ToLowerInvariant(),
    };
}
