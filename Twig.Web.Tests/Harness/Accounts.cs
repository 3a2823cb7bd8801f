using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Tests.Harness;

/// <summary>Local accounts for tests, created through Identity exactly as the app creates them.</summary>
public static class Accounts
{
    public const string Password = "correct-horse-battery";

    /// <summary>
    /// The authenticator key of every staff account the harness makes: staff must sign in with a second factor, so they are
    /// created already enrolled, and <see cref="TwigSession.SignInAsync"/> answers the code step with <see cref="Totp"/>.
    /// </summary>
    public const string AuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    // The last time-step each harness account answered with (process-wide: test classes may run in parallel).
    private static readonly ConcurrentDictionary<string, long> LastSteps = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A code Twig will accept for <paramref name="email"/>'s next sign-in. Twig takes each time-step once and allows codes up
    /// to two steps ahead, so a second sign-in of the same account within 30 seconds answers with the next step's code (as
    /// an app would a little later); only a fourth one within the same step has to wait for the clock.
    /// </summary>
    public static async Task<string> NextCodeAsync(string email)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var step = LastSteps.AddOrUpdate(email, now, (_, last) => Math.Max(now, last + 1));
        var wait = DateTimeOffset.FromUnixTimeSeconds((step - 2) * 30) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        return Totp.Code(AuthenticatorKey, DateTimeOffset.FromUnixTimeSeconds(step * 30));
    }

    public static async Task<string> CreateAsync(this SliceFixture fixture, string role, int? districtId = null, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.twig";
        await fixture.ExecuteScopeAsync(sp => CreateUserAsync(sp, role, email, districtId));
        return email;
    }

    /// <summary>
    /// Creates an account in a scope of any Twig host and returns its id; staff are enrolled in two-factor sign-in with
    /// <see cref="AuthenticatorKey"/>, as they must be before they can use Twig.
    /// </summary>
    public static async Task<string> CreateUserAsync(IServiceProvider scope, string role, string email, int? districtId = null)
    {
        await scope.GetRequiredService<RoleManager<IdentityRole>>().EnsureAsync();
        var users = scope.GetRequiredService<UserManager<TwigUser>>();
        var user = new TwigUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Test {role}", DistrictId = districtId };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        if (TwigRoles.Staff.Contains(role))
        {
            // Where Identity's user store keeps the key (UserManager's own token name for it).
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", AuthenticatorKey);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return user.Id;
    }

    /// <summary>A session already signed in through the login page as a new account with <paramref name="role"/>.</summary>
    public static async Task<TwigSession> SignedInSessionAsync(this SliceFixture fixture, string role, int? districtId = null)
    {
        var email = await fixture.CreateAsync(role, districtId);
        var session = fixture.CreateSession();
        await session.SignInAsync(email, Password);
        return session;
    }
}
