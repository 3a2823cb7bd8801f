using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// Local accounts are re-checked with Identity's security stamp. Rostered people have no Identity user,
/// so the stamp check would sign them out; their access is decided at sign-in instead.
/// </summary>
internal static class RosteredPrincipalValidator
{
    public static Task ValidateAsync(CookieValidatePrincipalContext context) =>
        context.Principal?.IsRosteredPerson() == true
            ? Task.CompletedTask
            : SecurityStampValidator.ValidatePrincipalAsync(context);
}
