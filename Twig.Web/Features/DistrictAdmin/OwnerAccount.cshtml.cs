using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// A support admin creates the district's one owner account, or resets its password, and reads the one-time password out
/// to the owner. The password is shown once on this response and stored only as a hash. Audited as account.created / account.reset.
/// </summary>
[Authorize(Policy = TwigPolicies.IsSupportAdmin)]
public sealed class OwnerAccount(IMediator mediator) : PageModel
{
    [BindProperty]
    public Command Data { get; set; } = new();

    public Model Current { get; private set; } = null!;

    /// <summary>Set only on the response to a create or reset: shown once, never stored in plain text.</summary>
    public string? OneTimePassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId), token) is not { } current) return NotFound();
        Current = current;
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(int districtId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId), token) is not { } current) return NotFound();
        Current = current;
        Data.DistrictId = districtId;
        if (!ModelState.IsValid) return Page();
        OneTimePassword = await mediator.Send(Data, token);
        Current = (await mediator.Send(new Query(districtId), token))!;
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(int districtId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId), token) is not { Owner: not null } current) return NotFound();
        Current = current;
        OneTimePassword = await mediator.Send(new Reset(districtId), token);
        return Page();
    }

    public sealed record Query(int DistrictId) : IQuery<Model?>;

    public sealed record Model(int DistrictId, string DistrictName, OwnerModel? Owner);

    public sealed record OwnerModel(string UserId, string Email, string DisplayName, DateTime CreatedAt);

    /// <summary>Creates the owner account; returns its one-time password.</summary>
    public sealed class Command : ICommand<string>
    {
        [BindNever]
        public int DistrictId { get; set; }
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
    }

    /// <summary>Gives the owner a new one-time password, unlocks the account and signs out its other sessions.</summary>
    public sealed record Reset(int DistrictId) : ICommand<string>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TwigDb db, UserManager<TwigUser> users)
        {
            RuleFor(c => c.Email).NotEmpty().WithMessage("Enter the owner's e-mail address.")
                .EmailAddress().WithMessage("Enter a valid e-mail address.")
                .MustAsync(async (email, _) => await users.FindByEmailAsync(email!) is null)
                .WithMessage(c => $"An account for {c.Email} already exists.");
            RuleFor(c => c.DisplayName).NotEmpty().WithMessage("Enter the owner's name.").MaximumLength(200);
            RuleFor(c => c.DistrictId).MustAsync(async (id, ct) => !await db.Users.AnyAsync(u => u.DistrictId == id, ct))
                .WithMessage("This district already has its owner account; reset its password instead.");
        }
    }

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token)
        {
            var name = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleOrDefaultAsync(token);
            if (name is null) return null;
            var owner = await db.Users.AsNoTracking().Where(u => u.DistrictId == message.DistrictId)
                .Select(u => new OwnerModel(u.Id, u.Email ?? "", u.DisplayName, u.CreatedAt)).SingleOrDefaultAsync(token);
            return new Model(message.DistrictId, name, owner);
        }
    }

    public sealed class CommandHandler(UserManager<TwigUser> users, RoleManager<IdentityRole> roles, TwigDb db, AuditTrail audit,
        TimeProvider clock)
        : ICommandHandler<Command, string>, ICommandHandler<Reset, string>
    {
        public async ValueTask<string> Handle(Command message, CancellationToken token)
        {
            await roles.EnsureAsync();
            var password = DistrictAdmin.OneTimePassword.Create();
            var user = new TwigUser
            {
                UserName = message.Email!.Trim(),
                Email = message.Email.Trim(),
                EmailConfirmed = true,
                DisplayName = message.DisplayName!.Trim(),
                DistrictId = message.DistrictId,
                MustChangePassword = true,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            IdentityFailure.ThrowIfFailed(await users.CreateAsync(user, password));
            IdentityFailure.ThrowIfFailed(await users.AddToRoleAsync(user, TwigRoles.DistrictOwner));
            audit.Record("account.created", message.DistrictId, $"District owner account {user.Email}");
            return password;
        }

        public async ValueTask<string> Handle(Reset message, CancellationToken token)
        {
            var user = await users.Users.SingleAsync(u => u.DistrictId == message.DistrictId, token);
            var password = DistrictAdmin.OneTimePassword.Create();
            var resetToken = await users.GeneratePasswordResetTokenAsync(user);
            IdentityFailure.ThrowIfFailed(await users.ResetPasswordAsync(user, resetToken, password));
            IdentityFailure.ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null));
            IdentityFailure.ThrowIfFailed(await users.ResetAccessFailedCountAsync(user));
            user.MustChangePassword = true;
            IdentityFailure.ThrowIfFailed(await users.UpdateAsync(user));
            await SignInSessions.EndAllAsync(db, user.Id, clock.GetUtcNow().UtcDateTime, token);
            audit.Record("account.reset", message.DistrictId, $"District owner account {user.Email}: new one-time password");
            return password;
        }
    }
}
