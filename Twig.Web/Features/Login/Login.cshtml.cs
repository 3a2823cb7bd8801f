using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Twig.Web.Domain;
using Twig.Web.Features.Login.Clever;

namespace Twig.Web.Features.Login;

/// <summary>
/// The sign-in page: Clever and Google buttons for rostered people, and the local form for district owners and
/// staff (lockout after 5 failures; POSTs rate-limited per client address). Failures re-render the form with a message.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SignInSetup.LoginRateLimitPolicy)]
public sealed class LoginPage(SignInManager<TwigUser> signIn, IAuthenticationSchemeProvider schemes, ILogger<LoginPage> logger) : PageModel
{
    [BindProperty]
    public Credentials Data { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>A Twig district's slug: its Clever button then goes straight to that district's Clever sign-in.</summary>
    [BindProperty(SupportsGet = true)]
    public string? District { get; set; }

    public string? Message { get; private set; }
    public bool CleverEnabled { get; private set; }
    public bool GoogleEnabled { get; private set; }

    public sealed class Credentials
    {
        [Required, EmailAddress, Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required, DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public async Task OnGetAsync(string? signedOut = null, string? reset = null)
    {
        if (signedOut is not null) Message = "You are signed out.";
        if (reset is not null) Message = "Your password has been changed. Sign in with the new one.";
        await FindProvidersAsync();
    }

    private async Task FindProvidersAsync()
    {
        CleverEnabled = await schemes.GetSchemeAsync(CleverAuthenticationDefaults.AuthenticationScheme) is not null;
        GoogleEnabled = await schemes.GetSchemeAsync(GoogleDefaults.AuthenticationScheme) is not null;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await FindProvidersAsync();
        if (!ModelState.IsValid) return Page();

        var result = await signIn.PasswordSignInAsync(Data.Email, Data.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("Local account signed in");
            return LocalRedirect(SafeReturnUrl.Or(Url, ReturnUrl, "/"));
        }
        ModelState.AddModelError("", result.IsLockedOut
            ? "This account is locked after too many failed attempts. Try again in 15 minutes."
            : "The e-mail or password is not right.");
        Data.Password = "";
        return Page();
    }
}

public static class SafeReturnUrl
{
    /// <summary>Only ever a path on this site: <c>https://evil.example</c> and <c>//evil.example</c> fall back.</summary>
    public static string Or(IUrlHelper url, string? returnUrl, string fallback) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : fallback;
}
