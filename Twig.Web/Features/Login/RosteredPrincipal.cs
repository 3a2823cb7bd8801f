using System.Globalization;
using System.Security.Claims;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.Login;

/// <summary>
/// The signed-in principal of a rostered person (student, teacher, administrator), whatever way they signed in
/// (username, Google, Clever). Sign in with it on <c>IdentityConstants.ApplicationScheme</c>.
/// </summary>
public static class RosteredPrincipal
{
    public const string AuthenticationType = "twig-roster";

    public static ClaimsPrincipal Create(Person person, string method)
    {
        var id = person.Id.ToString(CultureInfo.InvariantCulture);
        var identity = new ClaimsIdentity(AuthenticationType, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, $"person:{id}"));
        identity.AddClaim(new Claim(ClaimTypes.Name, person.Username ?? person.Email ?? person.DisplayName));
        identity.AddClaim(new Claim(ClaimTypes.GivenName, person.FirstName));
        identity.AddClaim(new Claim(ClaimTypes.Surname, person.LastName));
        identity.AddClaim(new Claim(TwigClaims.PersonId, id));
        identity.AddClaim(new Claim(TwigClaims.DistrictId, person.DistrictId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(TwigClaims.SignInMethod, method));
        foreach (var (flag, role) in Roles)
            if (person.HasRole(flag)) identity.AddClaim(new Claim(ClaimTypes.Role, role));
        return new ClaimsPrincipal(identity);
    }

    private static readonly (PersonRoles Flag, string Role)[] Roles =
    [
        (PersonRoles.Student, TwigRoles.Student),
        (PersonRoles.Teacher, TwigRoles.Teacher),
        (PersonRoles.SchoolAdmin, TwigRoles.SchoolAdmin),
        (PersonRoles.DistrictAdmin, TwigRoles.DistrictAdmin),
    ];
}
