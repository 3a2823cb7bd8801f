using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Login;

/// <summary>
/// The second step of a local sign-in: the 6-digit code of the authenticator app, or one of the recovery codes.
/// The password step left Identity's short-lived two-factor cookie; without it this page sends the visitor back to /login.
/// Wrong codes count towards the account's lockout and POSTs share the sign-in rate limit.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SignInSetup.LoginRateLimitPolicy)]
public sealed class TwoFactorLogin(SignInManager<TwigUser> signIn, ILogger<TwoFactorLogin> logger) : PageModel
{
    public const string Refusal = "That code did not work. Enter the current 6-digit code from your authenticator app, or a recovery code.";
    public const string Missing = "Enter the 6-digit code from your authenticator app, or a recovery code.";

    [BindProperty]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Login/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null) return RedirectToPage("/Login/Login");
        // Identity issues recovery codes in upper case and compares them exactly: a code typed in lower case is the same code.
        var compact = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
        if (compact.Length == 0)
        {
            // Identity throws on an empty recovery code; nothing was tried, so nothing counts towards the lockout.
            ModelState.AddModelError("", Missing);
            return Page();
        }
        var digits = compact.Replace("-", "", StringComparison.Ordinal);
        var result = digits.Length == 6 && digits.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(digits, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(compact);
        if (result.Succeeded)
        {
            logger.LogInformation("Local account signed in with a second factor");
            return LocalRedirect(SafeReturnUrl.Or(Url, ReturnUrl, "/"));
        }
        ModelState.AddModelError("", Refusal);
        Code = "";
        return Page();
    }
}
