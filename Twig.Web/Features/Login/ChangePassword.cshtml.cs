using System.Security.Claims;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;
using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;

namespace Twig.Web.Features.Login;

/// <summary>
/// A signed-in local account (district owner or staff) changes its password; the first step after a one-time password.
/// Wrong current passwords count towards the account's lockout, and POSTs share the sign-in rate limit per address.
/// Rostered people have no password here.
/// </summary>
[EnableRateLimiting(SignInSetup.LoginRateLimitPolicy)]
public sealed class ChangePassword(IMediator mediator, SignInManager<TwigUser> signIn, UserManager<TwigUser> users) : PageModel
{
    [BindProperty]
    public Command Data { get; set; } = new();

    public bool Changed { get; private set; }
    public bool Required => User.HasClaim(c => c.Type == TwigClaims.MustChangePassword);

    public static readonly string Refusal =
        $"The current password is not right, or there were too many attempts. Try again in {SignInLockout.Minutes} minutes.";

    public IActionResult OnGet(string? changed = null)
    {
        if (User.IsRosteredPerson()) return Forbid();
        Changed = changed is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken token)
    {
        if (User.IsRosteredPerson()) return Forbid();
        Data.UserId = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        if (!ModelState.IsValid) return Page();
        if (await mediator.Send(Data, token) is { } refusal)
        {
            ModelState.AddModelError("Data.Current", refusal);
            return Page();
        }
        // Every session of the account ended with the change: sign this browser in again with a new one.
        if (await users.FindByIdAsync(Data.UserId) is { } user) await signIn.RefreshSignInAsync(user);
        return RedirectToPage(new { changed = 1 });
    }

    // Also the words of the reset page, which asks for the same two fields.
    public const string EnterNew = "Enter a new password of at least 12 characters.";
    public const string EnterAgain = "Enter the new password again.";

    /// <summary>Returns the refusal when the current password is wrong or the account is locked; null once changed.</summary>
    public sealed class Command : ICommand<string?>
    {
        [BindNever]
        public string UserId { get; set; } = "";
        // The messages MVC gives an empty field ("The Current field is required.") would name the property, not the field.
        [Required(ErrorMessage = "Enter your current password.")]
        public string Current { get; set; } = "";
        [Required(ErrorMessage = EnterNew)]
        public string New { get; set; } = "";
        [Required(ErrorMessage = EnterAgain)]
        public string Confirm { get; set; } = "";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Current).NotEmpty().WithMessage("Enter your current password.");
            RuleFor(c => c.New).MinimumLength(12).WithMessage("The new password needs at least 12 characters.");
            RuleFor(c => c.Confirm).Equal(c => c.New).WithMessage("The two new passwords are not the same.");
        }
    }

    public sealed class CommandHandler(UserManager<TwigUser> users, TwigDb db, AuditTrail audit, TimeProvider clock)
        : ICommandHandler<Command, string?>
    {
        public async ValueTask<string?> Handle(Command message, CancellationToken token)
        {
            var user = await users.FindByIdAsync(message.UserId)
                ?? throw new ValidationException([new ValidationFailure("", "Your account no longer exists.")]);
            if (await users.IsLockedOutAsync(user))
            {
                // The same hash work as a real check, so a locked account does not answer faster.
                users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? "", message.Current);
                return Refusal;
            }
            if (!await users.CheckPasswordAsync(user, message.Current))
            {
                await users.AccessFailedAsync(user);
                return Refusal;
            }
            await users.ResetAccessFailedCountAsync(user);
            user.MustChangePassword = false;
            var result = await users.ChangePasswordAsync(user, message.Current, message.New);
            if (!result.Succeeded)
                throw new ValidationException(result.Errors.Select(e => e.Code == "PasswordMismatch"
                    ? new ValidationFailure(nameof(Command.Current), Refusal)
                    : new ValidationFailure(nameof(Command.New), e.Description)));
            await SignInSessions.EndAllAsync(db, user.Id, clock.GetUtcNow().UtcDateTime, token);
            audit.Record("account.password-changed", user.DistrictId);
            return null;
        }
    }
}
