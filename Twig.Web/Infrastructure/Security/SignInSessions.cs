using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Security;

/// <summary>Absolute session lifetimes (configuration section <c>Sessions</c>).</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";
    /// <summary>District owners and Twig staff.</summary>
    public TimeSpan StaffLifetime { get; set; } = TimeSpan.FromHours(12);
    /// <summary>Students, teachers and school staff: one school day.</summary>
    public TimeSpan RosteredLifetime { get; set; } = TimeSpan.FromHours(10);
}

/// <summary>
/// Server-side sessions behind the application cookie. A cookie alone is never enough: its session row must exist, be
/// unended and inside its absolute lifetime, and a rostered person must still be active. So signing out, a password
/// change or a deactivation ends a session on every instance at its next request, and a copied cookie dies with it.
/// </summary>
public static class SignInSessions
{
    public const string Claim = "twig:sid";

    /// <summary>Opens a session row for the principal being signed in and ends the one this browser had before.</summary>
    public static async Task OnSigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity) return;
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<SessionOptions>>().Value;
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        foreach (var stale in identity.FindAll(Claim).ToList()) identity.RemoveClaim(stale);
        var rostered = context.Principal.IsRosteredPerson();
        var session = new SignInSession
        {
            Id = RandomNumberGenerator.GetHexString(32, lowercase: true),
            UserId = rostered ? null : context.Principal.FindFirstValue(ClaimTypes.NameIdentifier),
            PersonId = rostered ? context.Principal.GetPersonId() : null,
            CreatedAt = now,
            ExpiresAt = now + (rostered ? options.RosteredLifetime : options.StaffLifetime),
        };
        // Its own scope: the request's context may hold changes a page has not meant to save yet.
        using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TwigDb>();
        db.SignInSessions.Add(session);
        await db.SaveChangesAsync(http.RequestAborted);
        // A new sign-in on this browser (another account, or a refresh after a password change) ends the old session.
        if (PreviousSession(http, context.Options) is { } previous) await EndAsync(db, previous, now, http.RequestAborted);
        identity.AddClaim(new Claim(Claim, session.Id));
    }

    public static async Task OnSigningOutAsync(CookieSigningOutContext context)
    {
        if (PreviousSession(context.HttpContext, context.Options) is not { } sid) return;
        var services = context.HttpContext.RequestServices;
        await EndAsync(services.GetRequiredService<TwigDb>(), sid, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            CancellationToken.None);
    }

    /// <summary>
    /// The session of the cookie this request came with. Clever's and Google's callbacks sign in (or out) before ASP.NET Core has
    /// read that cookie into <see cref="HttpContext.User"/>, so there it is read from the cookie itself.
    /// </summary>
    private static string? PreviousSession(HttpContext http, CookieAuthenticationOptions options)
    {
        if (http.User.FindFirstValue(Claim) is { } sid) return sid;
        var cookie = options.CookieManager.GetRequestCookie(http, options.Cookie.Name!);
        return cookie is null ? null : options.TicketDataFormat.Unprotect(cookie)?.Principal.FindFirstValue(Claim);
    }

    /// <summary>Every request: the session must be alive; local accounts then get Identity's security stamp check too.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var db = services.GetRequiredService<TwigDb>();
        var sid = context.Principal?.FindFirstValue(Claim);
        // An open session whose person is no longer active is refused too, and the sign-in page says why.
        var session = sid is null ? null : await db.SignInSessions.AsNoTracking()
            .Where(s => s.Id == sid && s.EndedAt == null && s.ExpiresAt > now)
            .Select(s => new { PersonActive = s.PersonId == null || db.People.Any(p => p.Id == s.PersonId && p.IsActive) })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (session is not { PersonActive: true })
        {
            if (session is not null) SessionEnded.MarkInactive(context.HttpContext);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (context.Principal?.IsRosteredPerson() != true) await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>Ends every session of a local account (password changed or reset by support).</summary>
    public static Task EndAllAsync(TwigDb db, string userId, DateTime now, CancellationToken token) =>
        db.SignInSessions.Where(s => s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), token);

    private static Task EndAsync(TwigDb db, string sid, DateTime now, CancellationToken token) =>
        db.SignInSessions.Where(s => s.Id == sid && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), token);
}
