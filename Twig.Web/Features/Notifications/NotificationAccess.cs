using System.Security.Claims;
using Twig.Web.Domain;

namespace Twig.Web.Features.Notifications;

/// <summary>Notices belong to local accounts (owners and staff); the list is always the signed-in account's own.</summary>
public static class NotificationAccess
{
    public const string LocalAccounts = $"{TwigRoles.DistrictOwner},{TwigRoles.Support},{TwigRoles.SupportAdmin}";

    public static string UserId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A local account always has an id.");

    public static bool HasNotifications(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && TwigRoles.LocalAccountRoles.Any(user.IsInRole)
        && user.FindFirstValue(ClaimTypes.NameIdentifier) is not null;
}
