using System.Globalization;
using System.Security.Claims;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.Login;

/// <summary>
/// Two-factor enrolment for a local account: a QR code (a PNG drawn on the server, no script) and the same key to type,
/// a code from the app to prove it works, then ten recovery codes shown this once. Required for Twig staff (they land
/// here after the password until done), offered to district owners, who may also turn it off again.
/// </summary>
public sealed class TwoFactorSetup(IMediator mediator, SignInManager<TwigUser> signIn, UserManager<TwigUser> users) : PageModel
{
    public Model State { get; private set; } = null!;
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];
    public bool Required => User.IsStaff();

    [BindProperty]
    public string Code { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        if (User.IsRosteredPerson()) return Forbid();
        State = await mediator.Send(new Query(UserId), token);
        return Page();
    }

    /// <summary>The QR code of the <c>otpauth://</c> address; never cached, as it holds the key.</summary>
    public async Task<IActionResult> OnGetQrAsync(CancellationToken token)
    {
        if (User.IsRosteredPerson()) return Forbid();
        var state = await mediator.Send(new Query(UserId), token);
        if (state.Enabled) return NotFound();
        Response.Headers.CacheControl = "no-store";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(state.AuthenticatorUri, QRCodeGenerator.ECCLevel.Q);
        return File(new PngByteQRCode(data).GetGraphic(6), "image/png");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken token)
    {
        if (User.IsRosteredPerson()) return Forbid();
        var codes = await mediator.Send(new Enable(UserId, Code), token);
        State = await mediator.Send(new Query(UserId), token);
        if (codes is null)
        {
            ModelState.AddModelError(nameof(Code),
                "That code did not match. Check the time on your device and enter the code the app shows now.");
            Code = "";
            return Page();
        }
        RecoveryCodes = codes;
        // The principal now says two-factor is on, so staff may go on to every other page.
        if (await users.FindByIdAsync(UserId) is { } user) await signIn.RefreshSignInAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken token)
    {
        if (User.IsRosteredPerson() || User.IsStaff()) return Forbid();
        await mediator.Send(new Disable(UserId), token);
        if (await users.FindByIdAsync(UserId) is { } user) await signIn.RefreshSignInAsync(user);
        return RedirectToPage();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>The enrolment state; creates the account's authenticator key on first sight.</summary>
    public sealed record Query(string UserId) : IQuery<Model>;

    public sealed record Model(bool Enabled, string SharedKey, string AuthenticatorUri, int RecoveryCodesLeft);

    /// <summary>Turns two-factor sign-in on when the code matches the key; returns the recovery codes, or null.</summary>
    public sealed record Enable(string UserId, string Code) : ICommand<IReadOnlyList<string>?>;

    public sealed record Disable(string UserId) : ICommand;

    public sealed class QueryHandler(UserManager<TwigUser> users) : IQueryHandler<Query, Model>
    {
        public async ValueTask<Model> Handle(Query message, CancellationToken token)
        {
            var user = await users.FindByIdAsync(message.UserId)
                ?? throw new InvalidOperationException("The signed-in account no longer exists.");
            if (user.TwoFactorEnabled) return new Model(true, "", "", await users.CountRecoveryCodesAsync(user));
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                // Stored where ResetAuthenticatorKeyAsync stores it, but without a new security stamp: opening this page must
                // not void the account's reset links or sessions.
                key = users.GenerateNewAuthenticatorKey();
                IdentityFailure.ThrowIfFailed(await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", key));
            }
            var uri = string.Create(CultureInfo.InvariantCulture,
                $"otpauth://totp/{Uri.EscapeDataString("Twig:" + user.Email)}?secret={key}&issuer=Twig&digits=6");
            return new Model(false, Grouped(key), uri, 0);
        }

        /// <summary>"ABCD EFGH ..." in lower case, easier to type from the screen.</summary>
        private static string Grouped(string key)
        {
            var text = new StringBuilder();
            for (var i = 0; i < key.Length; i += 4)
                text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
            return text.ToString().TrimEnd().ToLowerInvariant();
        }
    }

    public sealed class CommandHandler(UserManager<TwigUser> users, AuditTrail audit)
        : ICommandHandler<Enable, IReadOnlyList<string>?>, ICommandHandler<Disable>
    {
        public async ValueTask<IReadOnlyList<string>?> Handle(Enable message, CancellationToken token)
        {
            var user = await users.FindByIdAsync(message.UserId)
                ?? throw new InvalidOperationException("The signed-in account no longer exists.");
            var code = message.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (user.TwoFactorEnabled || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider,
                code)) return null;
            IdentityFailureCheck(await users.SetTwoFactorEnabledAsync(user, true));
            var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
            audit.Record("account.two-factor-enabled", user.DistrictId, $"account {user.Email}");
            return [.. codes ?? []];
        }

        public async ValueTask<Unit> Handle(Disable message, CancellationToken token)
        {
            var user = await users.FindByIdAsync(message.UserId)
                ?? throw new InvalidOperationException("The signed-in account no longer exists.");
            IdentityFailureCheck(await users.SetTwoFactorEnabledAsync(user, false));
            IdentityFailureCheck(await users.ResetAuthenticatorKeyAsync(user));
            audit.Record("account.two-factor-disabled", user.DistrictId, $"account {user.Email}");
            return Unit.Value;
        }

        private static void IdentityFailureCheck(IdentityResult result) => IdentityFailure.ThrowIfFailed(result);
    }
}
