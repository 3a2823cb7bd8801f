using System.Security.Claims;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.Login;

/// <summary>A signed-in local account (district owner or staff) changes its password. Rostered people have none here.</summary>
public sealed class ChangePassword(IMediator mediator, SignInManager<TwigUser> signIn, UserManager<TwigUser> users) : PageModel
{
    [BindProperty]
    public Command Data { get; set; } = new();

    public bool Changed { get; private set; }

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
        await mediator.Send(Data, token);
        // The security stamp changed: sign in again so this session stays, while other sessions of the account end.
        if (await users.FindByIdAsync(Data.UserId) is { } user) await signIn.RefreshSignInAsync(user);
        return RedirectToPage(new { changed = 1 });
    }

    public sealed class Command : ICommand
    {
        [BindNever]
        public string UserId { get; set; } = "";
        public string Current { get; set; } = "";
        public string New { get; set; } = "";
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

    public sealed class CommandHandler(UserManager<TwigUser> users, AuditTrail audit) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command message, CancellationToken token)
        {
            var user = await users.FindByIdAsync(message.UserId)
                ?? throw new ValidationException([new ValidationFailure("", "Your account no longer exists.")]);
            var result = await users.ChangePasswordAsync(user, message.Current, message.New);
            if (!result.Succeeded)
                throw new ValidationException(result.Errors.Select(e => e.Code == "PasswordMismatch"
                    ? new ValidationFailure(nameof(Command.Current), "The current password is not right.")
                    : new ValidationFailure(nameof(Command.New), e.Description)));
            audit.Record("account.password-changed", user.DistrictId);
            return Unit.Value;
        }
    }
}
