using System.Globalization;
using System.Security.Claims;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.Login;

/// <summary>
/// The principal of a rostered person (student, teacher, administrator) signed in with Clever, Google or a
/// district username. It goes into the same application cookie as local accounts; authentication type
/// "twig-roster" tells the cookie validator not to look for an Identity user. No e-mail address in it.
/// </summary>
public static class RosteredPrincipal
{
    public const string AuthenticationType = "twig-roster";

    public static ClaimsPrincipal Create(Person person, string method)
    {
        var id = person.Id.ToString(CultureInfo.InvariantCulture);
        var identity = new ClaimsIdentity(AuthenticationType, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, "person:" + id));
        identity.AddClaim(new Claim(ClaimTypes.Name, person.Username ?? "person " + id));
        if (!string.IsNullOrEmpty(person.FirstName)) identity.AddClaim(new Claim(ClaimTypes.GivenName, person.FirstName));
        if (!string.IsNullOrEmpty(person.LastName)) identity.AddClaim(new Claim(ClaimTypes.Surname, person.LastName));
        identity.AddClaim(new Claim(TwigClaims.PersonId, id));
        identity.AddClaim(new Claim(TwigClaims.DistrictId, person.DistrictId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(TwigClaims.SignInMethod, method));
        foreach (var role in RoleNames(person.Roles)) identity.AddClaim(new Claim(ClaimTypes.Role, role));
        return new ClaimsPrincipal(identity);
    }

    public static IEnumerable<string> RoleNames(PersonRoles roles)
    {
        if (roles.HasFlag(PersonRoles.Student)) yield return TwigRoles.Student;
        if (roles.HasFlag(PersonRoles.Teacher)) yield return TwigRoles.Teacher;
        if (roles.HasFlag(PersonRoles.SchoolAdmin)) yield return TwigRoles.SchoolAdmin;
        if (roles.HasFlag(PersonRoles.DistrictAdmin)) yield return TwigRoles.DistrictAdmin;
    }
}
