using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.Login.Clever;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Login;

/// <summary>
/// The "Sign in with Clever" and "Sign in with Google" buttons post here (with antiforgery), and Twig sends the
/// browser to the provider. For Clever, <c>district_id</c> goes along when Twig knows the district: from the
/// login link (<c>/login?district=slug</c>) or from this device's last Clever sign-in.
/// </summary>
[AllowAnonymous]
[StaleSignInForm]
public sealed class ExternalLogin(IMediator mediator, IAuthenticationSchemeProvider schemes) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Login/Login");

    public async Task<IActionResult> OnPostAsync(string? provider, string? returnUrl, string? district, CancellationToken token)
    {
        var scheme = provider switch
        {
            "clever" => CleverAuthenticationDefaults.AuthenticationScheme,
            "google" => GoogleDefaults.AuthenticationScheme,
            _ => null,
        };
        if (scheme is null || await schemes.GetSchemeAsync(scheme) is null) return RedirectToPage("/Login/Login");

        var properties = new AuthenticationProperties { RedirectUri = SafeReturnUrl.Or(Url, returnUrl, "/") };
        if (provider == "clever")
        {
            var cleverDistrict = string.IsNullOrWhiteSpace(district) ? null : await mediator.Send(new Query(district), token);
            cleverDistrict ??= Request.Cookies[CleverSignIn.RememberedDistrictCookie] is { } remembered && IsCleverId(remembered)
                ? remembered : null;
            if (cleverDistrict is not null) properties.Items[CleverAuthenticationDefaults.DistrictItem] = cleverDistrict;
        }
        return Challenge(properties, scheme);
    }

    private static bool IsCleverId(string value) => value.Length == 24 && value.All(Uri.IsHexDigit);

    /// <summary>The Clever district id of a Twig district (by slug) whose Clever connection is active.</summary>
    public sealed record Query(string Slug) : IQuery<string?>;

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, string?>
    {
        public async ValueTask<string?> Handle(Query message, CancellationToken token)
        {
            var slug = District.NormalizeSlug(message.Slug);
            return await db.CleverConnections.AsNoTracking().Where(CleverConnection.Live)
                .Where(c => c.District!.Slug == slug)
                .Select(c => c.CleverDistrictId)
                .FirstOrDefaultAsync(token);
        }
    }
}
