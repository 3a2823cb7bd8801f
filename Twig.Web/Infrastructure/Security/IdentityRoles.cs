using Microsoft.AspNetCore.Identity;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Security;

public static class IdentityRoles
{
    /// <summary>Creates the local-account roles that do not exist yet.</summary>
    public static async Task EnsureAsync(this RoleManager<IdentityRole> roles)
    {
        foreach (var role in TwigRoles.LocalAccountRoles)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }
}
