using System.Security.Claims;

namespace Twig.Web.Infrastructure.Security;

/// <summary>Claims Twig puts on every signed-in principal, local account or rostered person alike.</summary>
public static class TwigClaims
{
    public const string DistrictId = "twig:district";
    /// <summary>Present only for rostered people (students, teachers, administrators); holds Person.Id.</summary>
    public const string PersonId = "twig:person";
    /// <summary>How the person signed in: local, clever, google or username.</summary>
    public const string SignInMethod = "twig:method";
    /// <summary>On a local account whose two-factor sign-in is enrolled.</summary>
    public const string TwoFactor = "twig:2fa";
    /// <summary>On a local account still holding a one-time password set by support.</summary>
    public const string MustChangePassword = "twig:must-change-password";

    public static int? GetDistrictId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(DistrictId), out var id) ? id : null;

    public static int? GetPersonId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(PersonId), out var id) ? id : null;

    public static bool IsRosteredPerson(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == PersonId);

    public static bool IsStaff(this ClaimsPrincipal user) =>
        user.IsInRole(Domain.TwigRoles.Support) || user.IsInRole(Domain.TwigRoles.SupportAdmin);

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.GivenName) is { Length: > 0 } given
            ? $"{given} {user.FindFirstValue(ClaimTypes.Surname)}".Trim()
            : user.Identity?.Name ?? "";
}
