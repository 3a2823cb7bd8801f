using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// One log line per sign-in attempt, succeeded or failed: the method, the account id (never an e-mail or a password),
/// the client's address (the real one behind a known proxy) and the outcome.
/// </summary>
public static partial class SignInLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Sign-in succeeded: {Method} account {AccountId} from {Address}")]
    public static partial void Succeeded(ILogger logger, string method, string accountId, string? address);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "Sign-in failed: {Method} account {AccountId} from {Address}: {Outcome}")]
    public static partial void Failed(ILogger logger, string method, string accountId, string? address, string outcome);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Sign-in step passed: {Method} account {AccountId} from {Address}; second factor required")]
    public static partial void SecondFactorRequired(ILogger logger, string method, string accountId, string? address);

    public static string? AddressOf(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString();

    /// <summary>Replaces Identity's sign-in manager with the logging one below; call after AddIdentity.</summary>
    public static IServiceCollection AddTwigSignInLog(this IServiceCollection services) =>
        services.AddScoped<SignInManager<TwigUser>, LoggingSignInManager>();
}

/// <summary>Identity's sign-in manager, writing <see cref="SignInLog"/> for every staff sign-in attempt.</summary>
public sealed class LoggingSignInManager(
    UserManager<TwigUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<TwigUser> claims, IOptions<IdentityOptions> options,
    ILogger<SignInManager<TwigUser>> logger, IAuthenticationSchemeProvider schemes, IUserConfirmation<TwigUser> confirmation,
    ILogger<LoggingSignInManager> signInLog)
    : SignInManager<TwigUser>(users, http, claims, options, logger, schemes, confirmation)
{
    // Twig's own category: the framework's (Microsoft.AspNetCore.*) is filtered to warnings, and successes must be kept too.
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is null)
            SignInLog.Failed(signInLog, "password", "(none)", SignInLog.AddressOf(Context), "no such account");
        return await base.PasswordSignInAsync(userName, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> PasswordSignInAsync(TwigUser user, string password, bool isPersistent,
        bool lockoutOnFailure) =>
        Write("password", user.Id, await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure));

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        return Write("authenticator code", user?.Id ?? "(none)",
            await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient));
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        return Write("recovery code", user?.Id ?? "(none)", await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode));
    }

    private SignInResult Write(string method, string accountId, SignInResult result)
    {
        var address = SignInLog.AddressOf(Context);
        if (result.Succeeded) SignInLog.Succeeded(signInLog, method, accountId, address);
        else if (result.RequiresTwoFactor) SignInLog.SecondFactorRequired(signInLog, method, accountId, address);
        else SignInLog.Failed(signInLog, method, accountId, address,
            result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "not allowed" : "wrong password or code");
        return result;
    }
}
