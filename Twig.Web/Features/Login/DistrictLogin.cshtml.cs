using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure.Messaging;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Login;

/// <summary>
/// A district's own sign-in page for people from its users.csv: username and password. Usernames are unique within
/// a district only, so the district comes from the address. Five wrong passwords lock the person for 15 minutes; POSTs
/// share the sign-in rate limit per client address. Every refusal says the same and costs the same hash work.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(SignInSetup.LoginRateLimitPolicy)]
[StaleSignInForm]
public sealed class DistrictLogin(IMediator mediator, IAuthenticationSchemeProvider schemes, ILogger<DistrictLogin> logger) : PageModel
{
    public static readonly string Failed = "That username and password did not work. " + Infrastructure.Security.SignInLockout.Words;

    [BindProperty]
    public Credentials Data { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }
    public string DistrictName { get; private set; } = "";
    public string Slug { get; private set; } = "";
    /// <summary>The district rosters its own people and Google sign-in is configured: the page offers it too.</summary>
    public bool OffersGoogle { get; private set; }
    /// <summary>The district signs in with Clever (an active connection): the page offers Clever first.</summary>
    public bool OnClever { get; private set; }
    /// <summary>Someone in the district has a password; without one the username form could never succeed.</summary>
    public bool HasPasswords { get; private set; }

    // MVC's own messages ("The Username field is required.") name the property, not what to do.
    public sealed class Credentials
    {
        [Required(ErrorMessage = "Enter your username."), Display(Name = "Username")]
        [StringLength(200, ErrorMessage = "A username is at most 200 characters.")]
        public string Username { get; set; } = "";

        [Required(ErrorMessage = "Enter your password."), DataType(DataType.Password)]
        [StringLength(200, ErrorMessage = "A password is at most 200 characters.")]
        public string Password { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string slug, string? signedOut, string? ended, CancellationToken token)
    {
        if (signedOut is not null) Message = "You are signed out.";
        Message = Infrastructure.Security.SessionEnded.Notice(ended) ?? Message;
        return await LoadAsync(slug, token) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken token)
    {
        if (!await LoadAsync(slug, token)) return NotFound();
        if (!ModelState.IsValid) return Page();

        var result = await mediator.Send(new Command(Slug, Data.Username, Data.Password), token);
        Data.Password = "";
        if (result.Principal is null)
        {
            Infrastructure.Security.SignInLog.Failed(logger, "district username", "(district " + Slug + ")",
                Infrastructure.Security.SignInLog.AddressOf(HttpContext), "refused");
            ModelState.AddModelError("", result.Refusal ?? Failed);
            return Page();
        }
        await HttpContext.SignInAsync(IdentityConstants.ApplicationScheme, result.Principal);
        Infrastructure.Security.DistrictSignInPage.Remember(HttpContext, Slug);
        Infrastructure.Security.SignInLog.Succeeded(logger, "district username",
            "person:" + result.Principal.FindFirst(Infrastructure.Security.TwigClaims.PersonId)?.Value,
            Infrastructure.Security.SignInLog.AddressOf(HttpContext));
        return LocalRedirect(SafeReturnUrl.Or(Url, ReturnUrl, Url.Page("/Classes/Home") ?? "/"));
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken token)
    {
        var district = await mediator.Send(new Query(District.NormalizeSlug(slug)), token);
        if (district is null) return false;
        (Slug, DistrictName, OnClever, HasPasswords) = (district.Slug, district.Name, district.OnClever, district.HasPasswords);
        // People a district rosters itself (users.csv, OneRoster) may sign in with Google; a Clever district's sign in with Clever.
        OffersGoogle = !OnClever
            && await schemes.GetSchemeAsync(Microsoft.AspNetCore.Authentication.Google.GoogleDefaults.AuthenticationScheme) is not null;
        return true;
    }

    public sealed record Query(string Slug) : IQuery<DistrictModel?>;

    public sealed record DistrictModel(string Slug, string Name, bool OnClever, bool HasPasswords);

    /// <summary>Checks the password and records the attempt; the principal is null when sign-in is refused.</summary>
    public sealed record Command(string Slug, string Username, string Password) : ICommand<SignInResult>;

    public sealed record SignInResult(System.Security.Claims.ClaimsPrincipal? Principal, string? Refusal);

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, DistrictModel?>
    {
        // Clever sign-in needs a live connection, but the district's roster source decides: a connection linked to a district on
        // CSV or OneRoster never hides the Google and username sign-in its people use.
        public async ValueTask<DistrictModel?> Handle(Query message, CancellationToken token) =>
            await db.Districts.Where(d => d.Slug == message.Slug).Select(d => new DistrictModel(d.Slug, d.Name,
                    !RosterSources.ChoseOtherThanClever(d.RosterSource)
                        && db.CleverConnections.Where(CleverConnection.Live).Any(c => c.DistrictId == d.Id),
                    db.People.Any(p => p.DistrictId == d.Id && p.PasswordHash != null)))
                .SingleOrDefaultAsync(token);
    }

    public sealed class CommandHandler(TwigDb db, IPasswordHasher<Person> hasher, TimeProvider clock)
        : ICommandHandler<Command, SignInResult>
    {
        // Checked when the username is unknown, so a wrong username takes as long as a wrong password: made by the same
        // hasher as stored passwords, so with the same (configurable) iteration count.
        private static readonly ConditionalWeakTable<IPasswordHasher<Person>, string> DummyHashes = new();

        internal static string DummyHashOf(IPasswordHasher<Person> hasher) =>
            DummyHashes.GetValue(hasher, h => h.HashPassword(new Person(), Guid.NewGuid().ToString()));

        public async ValueTask<SignInResult> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var normalized = SignInName.Key(message.Username);
            var person = await db.People
                .Where(p => p.NormalizedUsername == normalized && db.Districts.Any(d => d.Id == p.DistrictId && d.Slug == message.Slug))
                .SingleOrDefaultAsync(token);
            if (person?.PasswordHash is null)
            {
                hasher.VerifyHashedPassword(new Person(), DummyHashOf(hasher), message.Password);
                return new SignInResult(null, null);
            }

            // Every attempt is counted before its password is checked, in the database and only while the person is not
            // locked out. The UPDATE holds the row until this attempt commits, so guesses sent at once are counted one
            // after another even where reads take no locks (SQL Server's snapshot reads), and none is checked once locked.
            var people = db.People.Where(p => p.Id == person.Id);
            var counted = await people.Where(p => p.LockoutEnd == null || p.LockoutEnd <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.AccessFailedCount, p => p.AccessFailedCount + 1), token);
            if (counted == 0)
            {
                hasher.VerifyHashedPassword(person, person.PasswordHash, message.Password);
                return new SignInResult(null, null);
            }
            var attempts = await people.Select(p => p.AccessFailedCount).SingleAsync(token);

            var verified = hasher.VerifyHashedPassword(person, person.PasswordHash, message.Password);
            if (verified == PasswordVerificationResult.Failed)
            {
                if (attempts >= Infrastructure.Security.SignInLockout.MaxFailedAttempts)
                {
                    var until = now + Infrastructure.Security.SignInLockout.Duration;
                    await people.ExecuteUpdateAsync(s => s.SetProperty(p => p.LockoutEnd, until).SetProperty(p => p.AccessFailedCount, 0),
                        token);
                }
                return new SignInResult(null, null);
            }

            await people.ExecuteUpdateAsync(s => s.SetProperty(p => p.AccessFailedCount, 0).SetProperty(p => p.LockoutEnd, (DateTime?)null),
                token);
            if (verified == PasswordVerificationResult.SuccessRehashNeeded)
                person.PasswordHash = hasher.HashPassword(person, message.Password);
            if (!person.IsActive)
                return new SignInResult(null, Infrastructure.Security.SessionEnded.InactiveMessage);
            var allowed = await SignInCheck.CheckAsync(db, clock, person.DistrictId, token);
            if (!allowed.Allowed) return new SignInResult(null, allowed.Reason);
            person.LastSignInAt = now;
            return new SignInResult(RosteredPrincipal.Create(person, "username"), null);
        }
    }
}
