using System.Text;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;
using RequiredAttribute = System.ComponentModel.DataAnnotations.RequiredAttribute;

namespace Twig.Web.Features.Login;

/// <summary>The page behind a one-time reset link: the owner sets a new password, and the link stops working.</summary>
[AllowAnonymous]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ResetPassword(IMediator mediator) : PageModel
{
    [BindProperty]
    public Command Data { get; set; } = new();

    /// <summary>Why the link cannot set a password (incomplete, expired or used); the page then shows this instead of the form.</summary>
    public string? LinkProblem { get; private set; }

    /// <summary>A link that cannot work says so when it opens, before anyone types a new password twice.</summary>
    public async Task OnGetAsync(string? user, string? token, CancellationToken cancel)
    {
        Data.UserId = user ?? "";
        Data.Token = token ?? "";
        LinkProblem = await mediator.Send(new Query(Data.UserId, Data.Token), cancel);
    }

    /// <summary>The form posts back to the link itself, so the user and token come from its query string.</summary>
    public async Task<IActionResult> OnPostAsync([FromQuery(Name = "user")] string? user, [FromQuery(Name = "token")] string? resetToken,
        CancellationToken token)
    {
        Data.UserId = user ?? "";
        Data.Token = resetToken ?? "";
        if ((LinkProblem = await mediator.Send(new Query(Data.UserId, Data.Token), token)) is not null) return Page();
        if (!ModelState.IsValid) return Page();
        await mediator.Send(Data, token);
        return RedirectToPage("/Login/Login", new { reset = 1 });
    }

    public const string Incomplete = "This reset link is incomplete or not valid. Ask Twig support for a new one.";
    public const string ExpiredOrUsed = "This reset link has expired or was already used. Ask Twig support for a new one.";

    /// <summary>
    /// Checks the link without using it (Identity's token check changes nothing; only the reset changes the security stamp):
    /// null when it can set a password, otherwise what to tell the person.
    /// </summary>
    public sealed record Query(string UserId, string Token) : IQuery<string?>;

    public sealed class Command : ICommand
    {
        [BindNever]
        public string UserId { get; set; } = "";
        [BindNever]
        public string Token { get; set; } = "";
        // MVC's own message for an empty field ("The New field is required.") names the property, not the field.
        [Required(ErrorMessage = ChangePassword.EnterNew)]
        public string New { get; set; } = "";
        [Required(ErrorMessage = ChangePassword.EnterAgain)]
        public string Confirm { get; set; } = "";
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.New).MinimumLength(12).WithMessage("The new password needs at least 12 characters.");
            RuleFor(c => c.Confirm).Equal(c => c.New).WithMessage("The two passwords are not the same.");
        }
    }

    public sealed class QueryHandler(UserManager<TwigUser> users) : IQueryHandler<Query, string?>
    {
        public async ValueTask<string?> Handle(Query message, CancellationToken token)
        {
            if (string.IsNullOrWhiteSpace(message.UserId) || DecodeToken(message.Token) is not { } resetToken
                || await users.FindByIdAsync(message.UserId) is not { } user)
                return Incomplete;
            var valid = await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider,
                UserManager<TwigUser>.ResetPasswordTokenPurpose, resetToken);
            return valid ? null : ExpiredOrUsed;
        }
    }

    /// <summary>The link carries Identity's token base64url-encoded; anything else (cut short, retyped) is no token.</summary>
    private static string? DecodeToken(string token)
    {
        if (string.IsNullOrWhiteSpace(token)) return null;
        try
        {
            return Encoding.UTF8.GetString(Base64UrlTextEncoder.Decode(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public sealed class CommandHandler(UserManager<TwigUser> users, TwigDb db, AuditTrail audit, TimeProvider clock)
        : ICommandHandler<Command>
    {
        private static readonly ValidationFailure Expired = new("", ExpiredOrUsed);

        public async ValueTask<Unit> Handle(Command message, CancellationToken token)
        {
            var user = await users.FindByIdAsync(message.UserId) ?? throw new ValidationException([Expired]);
            var resetToken = DecodeToken(message.Token) ?? throw new ValidationException([Expired]);
            user.MustChangePassword = false; // the owner chose this password
            var result = await users.ResetPasswordAsync(user, resetToken, message.New);
            if (!result.Succeeded)
                throw new ValidationException(result.Errors.Select(e => e.Code == "InvalidToken" ? Expired
                    : new ValidationFailure(nameof(Command.New), e.Description)));
            await users.ResetAccessFailedCountAsync(user);
            await users.SetLockoutEndDateAsync(user, null);
            await SignInSessions.EndAllAsync(db, user.Id, clock.GetUtcNow().UtcDateTime, token);
            audit.Record("account.password-reset", user.DistrictId, $"owner {user.Email} set a new password with a reset link");
            return Unit.Value;
        }
    }
}
