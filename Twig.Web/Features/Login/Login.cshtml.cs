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
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Login;

/// <summary>
/// The sign-in page: Clever and Google buttons for rostered people, and the local form for district owners and
/// staff (lockout after 5 failures; POSTs rate-limited per client address). Failures re-render the form with a message.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SignInSetup.LoginRateLimitPolicy)]
[StaleSignInForm]
public sealed class LoginPage(SignInManager<TwigUser> signIn, UserManager<TwigUser> users, IAuthenticationSchemeProvider schemes,
    StaffLockout lockout, ILogger<LoginPage> logger) : PageModel
{
    /// <summary>The one answer to every refused attempt: a wrong password, an unknown address and a locked account look alike.</summary>
    public static readonly string Refusal = "That did not work. Check the e-mail and password. " + SignInLockout.Words;

    // Checked when there is no password to check, so an unknown address or a locked account costs the same PBKDF2 work.
    private static readonly Lazy<string> DummyHash =
        new(() => new PasswordHasher<TwigUser>().HashPassword(new TwigUser(), Guid.NewGuid().ToString()));

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

    // MVC's own messages ("The E-mail field is required.") name the property, not what to do.
    public sealed class Credentials
    {
        [Required(ErrorMessage = "Enter your e-mail address."), Display(Name = "E-mail")]
        [EmailAddress(ErrorMessage = "Enter a whole e-mail address, such as name@district.org.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password."), DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public async Task OnGetAsync(string? signedOut = null, string? reset = null, string? ended = null)
    {
        if (signedOut is not null) Message = "You are signed out.";
        Message = Infrastructure.Security.SessionEnded.Notice(ended) ?? Message;
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

        var user = await users.FindByNameAsync(Data.Email);
        Microsoft.AspNetCore.Identity.SignInResult result;
        // Counted by StaffLockout before the check, not by Identity (whose count loses guesses sent at once).
        if (user?.PasswordHash is null || await users.IsLockedOutAsync(user)
            || !await lockout.CountAttemptAsync(user.Id, HttpContext.RequestAborted))
        {
            users.PasswordHasher.VerifyHashedPassword(user ?? new TwigUser(), user?.PasswordHash ?? DummyHash.Value, Data.Password);
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
            SignInLog.Failed(logger, "password", user?.Id ?? "(none)", SignInLog.AddressOf(HttpContext),
                user is null ? "no such account" : user.PasswordHash is null ? "no password" : "locked out");
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, Data.Password, isPersistent: false, lockoutOnFailure: false);
            await lockout.RecordAsync(user.Id, result, HttpContext.RequestAborted);
        }
        if (result.Succeeded)
        {
            logger.LogInformation("Local account signed in");
            return LocalRedirect(SafeReturnUrl.Or(Url, ReturnUrl, "/"));
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Login/TwoFactorLogin", new { ReturnUrl = SafeReturnUrl.Or(Url, ReturnUrl, "/") });
        ModelState.AddModelError("", Refusal);
        Data.Password = "";
        return Page();
    }
}
