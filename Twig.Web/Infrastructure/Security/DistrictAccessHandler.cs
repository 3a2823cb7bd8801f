using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Security;

public sealed class DistrictAccessRequirement(bool manage) : IAuthorizationRequirement
{
    public bool Manage { get; } = manage;
}

/// <summary>
/// Staff see every district; only support admins manage any district; an owner sees and manages
/// exactly their own. Rostered people never reach district administration.
/// </summary>
public sealed class DistrictAccessHandler : AuthorizationHandler<DistrictAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DistrictAccessRequirement requirement)
    {
        var districtId = context.Resource switch
        {
            int id => id,
            HttpContext http => RouteDistrictId(http),
            _ => null,
        };
        if (districtId is { } id2 && IsAllowed(context.User, id2, requirement.Manage)) context.Succeed(requirement);
        return Task.CompletedTask;
    }

    public static bool IsAllowed(ClaimsPrincipal user, int districtId, bool manage)
    {
        if (user.IsRosteredPerson()) return false;
        if (user.IsInRole(TwigRoles.SupportAdmin)) return true;
        if (!manage && user.IsInRole(TwigRoles.Support)) return true;
        return user.IsInRole(TwigRoles.DistrictOwner) && user.GetDistrictId() == districtId;
    }

    private static int? RouteDistrictId(HttpContext http) =>
        int.TryParse(http.GetRouteValue("districtId")?.ToString(), out var id) ? id : null;
}
