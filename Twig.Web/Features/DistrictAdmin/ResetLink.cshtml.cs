using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// A support admin makes a one-time password reset link for a district owner (resets are not e-mailed: the admin
/// passes it on over a channel they trust). The link is shown once, works once (Identity's token dies with the security stamp), lives an hour at most,
/// voids every older link (a new stamp) and is audited. Its host is <c>App:BaseUrl</c>, never the request's Host header,
/// which a visitor controls.
/// </summary>
[Authorize(Policy = TwigPolicies.IsSupportAdmin)]
public sealed class ResetLink(IMediator mediator, IConfiguration configuration, SelfUrl self) : PageModel
{
    public Model Owner { get; private set; } = null!;
    public string? Link { get; private set; }

    public async Task<IActionResult> OnGetAsync(string userId, CancellationToken token)
    {
        if (await mediator.Send(new Query(userId), token) is not { } owner) return NotFound();
        Owner = owner;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string userId, CancellationToken token)
    {
        if (await mediator.Send(new Query(userId), token) is not { } owner) return NotFound();
        Owner = owner;
        var path = await mediator.Send(new Command(userId), token);
        Link = self.Resolve(configuration["App:BaseUrl"] is { Length: > 0 } configured ? configured : "/").TrimEnd('/') + path;
        return Page();
    }

    public sealed record Query(string UserId) : IQuery<Model?>;

    public sealed record Model(string UserId, string Email, string DisplayName, string? DistrictName);

    /// <summary>Returns the link's path and query; only district owners' passwords are reset this way.</summary>
    public sealed record Command(string UserId) : ICommand<string>;

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token)
        {
            var ownerRole = await db.Roles.Where(r => r.Name == TwigRoles.DistrictOwner).Select(r => r.Id).FirstOrDefaultAsync(token);
            return await db.Users.AsNoTracking()
                .Where(u => u.Id == message.UserId && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == ownerRole))
                .Select(u => new Model(u.Id, u.Email ?? "", u.DisplayName, u.District == null ? null : u.District.Name))
                .SingleOrDefaultAsync(token);
        }
    }

    public sealed class CommandHandler(UserManager<TwigUser> users, AuditTrail audit) : ICommandHandler<Command, string>
    {
        public async ValueTask<string> Handle(Command message, CancellationToken token)
        {
            var user = await users.FindByIdAsync(message.UserId);
            if (user is null || !await users.IsInRoleAsync(user, TwigRoles.DistrictOwner))
                throw new InvalidOperationException("Only a district owner's password can be reset here.");
            // A new security stamp voids every older link (and signs the owner's browsers out at their next stamp check).
            IdentityFailure.ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
            var resetToken = await users.GeneratePasswordResetTokenAsync(user);
            audit.Record("account.password-reset-link", user.DistrictId, $"reset link made for owner {user.Email}");
            return QueryHelpers.AddQueryString("/login/reset", new Dictionary<string, string?>
            {
                ["user"] = user.Id,
                ["token"] = Base64UrlTextEncoder.Encode(System.Text.Encoding.UTF8.GetBytes(resetToken)),
            });
        }
    }
}
