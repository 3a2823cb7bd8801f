using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// The unread count beside "Notifications" in the navigation. Other slices' pages compose it by name:
/// <c>@await Component.InvokeAsync("UnreadNotifications")</c>.
/// </summary>
public sealed class UnreadNotificationsViewComponent(TwigDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!NotificationAccess.HasNotifications(UserClaimsPrincipal)) return Content("");
        var userId = NotificationAccess.UserId(UserClaimsPrincipal);
        var unread = await ActedOn.New(db, userId).CountAsync(HttpContext.RequestAborted);
        return View("/Features/Notifications/_UnreadNotifications.cshtml", unread);
    }
}

/// <summary>
/// The latest notices of the signed-in account, for the owner dashboard and the support console
/// (<c>@await Component.InvokeAsync("RecentNotifications")</c>).
/// </summary>
public sealed class RecentNotificationsViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int take = 5)
    {
        if (!NotificationAccess.HasNotifications(UserClaimsPrincipal)) return Content("");
        var query = new MyNotifications.Query(NotificationAccess.UserId(UserClaimsPrincipal), take);
        var items = await mediator.Send(query, HttpContext.RequestAborted);
        return View("/Features/Notifications/_RecentNotifications.cshtml", items);
    }
}
