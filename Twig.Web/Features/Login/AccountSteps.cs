using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.Login;

/// <summary>
/// What a local account must do before anything else: replace a one-time password set by support, then (Twig staff)
/// enrol in two-factor sign-in. Every other page redirects to the step until it is done.
/// </summary>
public sealed class AccountSteps : IAsyncPageFilter
{
    public const string ChangePasswordPath = "/account/password";
    public const string TwoFactorPath = "/account/two-factor";

    public static string? PendingStep(System.Security.Claims.ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.IsRosteredPerson()) return null;
        if (user.HasClaim(c => c.Type == TwigClaims.MustChangePassword)) return ChangePasswordPath;
        if (user.IsStaff() && !user.HasClaim(c => c.Type == TwigClaims.TwoFactor)) return TwoFactorPath;
        return null;
    }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var path = context.HttpContext.Request.Path;
        if (PendingStep(context.HttpContext.User) is { } step
            && !path.StartsWithSegments(step) && !path.StartsWithSegments("/logout") && !path.StartsWithSegments("/login")
            && !path.StartsWithSegments("/error"))
        {
            context.Result = new RedirectResult(step);
            return;
        }
        await next();
    }
}
