using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>A Twig staff account (Support or SupportAdmin) with a one-time password to be changed at first sign-in.</summary>
public static class CreateStaffAccount
{
    public sealed record Command(string Email, string Role) : ICommand<Result>;

    public sealed record Result(string UserId, string OneTimePassword);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UserManager<TwigUser> users)
        {
            RuleFor(c => c.Email).NotEmpty().EmailAddress()
                .MustAsync(async (email, _) => await users.FindByEmailAsync(email) is null)
                .WithMessage(c => $"An account for {c.Email} already exists.");
            RuleFor(c => c.Role).Must(r => TwigRoles.Staff.Contains(r))
                .WithMessage("The role must be Support or SupportAdmin.");
        }
    }

    public sealed class CommandHandler(UserManager<TwigUser> users, RoleManager<IdentityRole> roles, AuditTrail audit, TimeProvider clock)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            await roles.EnsureAsync();
            var password = OneTimePassword.Create();
            var user = new TwigUser
            {
                UserName = message.Email,
                Email = message.Email,
                EmailConfirmed = true,
                DisplayName = message.Email,
                MustChangePassword = true,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            IdentityFailure.ThrowIfFailed(await users.CreateAsync(user, password));
            IdentityFailure.ThrowIfFailed(await users.AddToRoleAsync(user, message.Role));
            audit.Record("account.created", null, $"{message.Role} account {message.Email}");
            return new Result(user.Id, password);
        }
    }
}

public static class OneTimePassword
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>20 characters from an alphabet without look-alikes: easy to read out, far beyond the 12-character policy.</summary>
    public static string Create() => RandomNumberGenerator.GetString(Alphabet, 20);
}
