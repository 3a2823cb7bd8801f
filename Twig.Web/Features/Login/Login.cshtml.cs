using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Domain;

namespace Twig.Web.Features.Login;

/// <summary>Sign-in with a local Twig account (district owners and staff). Failures re-render the form with a message.</summary>
[AllowAnonymous]
public sealed class LoginPage(SignInManager<TwigUser> signIn, ILogger<LoginPage> logger) : PageModel
{
    [BindProperty]
    public Credentials Data { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public sealed class Credentials
    {
        [Required, EmailAddress, Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required, DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
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
