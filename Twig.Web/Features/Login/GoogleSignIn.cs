using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;

namespace Twig.Web.Features.Login;

/// <summary>
/// Who may come in through Google: a verified e-mail matched (case-insensitively) to the current e-mail of an active
/// person from a district's users.csv, in a district whose subscription allows sign-in and, when the district lists
/// Google Workspace domains, from one of them (Google's <c>hd</c>). The first sign-in binds Google's <c>sub</c> together
/// with the person's e-mail of that moment; another Google account with the same address cannot take the person over.
/// Once the district changes the person's e-mail (users.csv or Clever), the binding is void: the old Google account no
/// longer matches, and the account of the new address binds at its first sign-in. The same address in several
/// districts: the person chooses the district.
/// </summary>
public static class GoogleSignIn
{
    public const string SubjectClaim = "google:sub";
    public const string VerifiedClaim = "google:email_verified";
    public const string HostedDomainClaim = "google:hd";
    public const string ChooseDistrictPath = "/login/google/district";

    /// <param name="DistrictId">The district the person chose, when they were asked to.</param>
    /// <param name="HostedDomain">Google's <c>hd</c>: the Workspace domain of the account, null for a consumer account.</param>
    public sealed record Command(string Subject, string Email, bool EmailVerified, int? DistrictId = null, string? HostedDomain = null)
        : ICommand<Result>;

    public sealed record DistrictChoice(int Id, string Name);

    public sealed record Result(ClaimsPrincipal? Principal, SignInRefusal? Refusal, IReadOnlyList<DistrictChoice> Choices)
    {
        public static Result Refused(SignInRefusal refusal) => new(null, refusal, []);
    }

    public sealed class CommandHandler(TwigDb db, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            if (!message.EmailVerified) return Result.Refused(SignInRefusal.GoogleUnverified);
            if (string.IsNullOrEmpty(message.Subject)) return Result.Refused(SignInRefusal.GoogleFailed);
            var email = SignInName.Key(message.Email);

            // The binding holds only while the person's e-mail is the one it was made with; a void binding is free to take.
            // People from users.csv or a OneRoster package; Clever's people sign in through Clever.
            var candidates = await db.People.AsNoTracking()
                .Where(p => p.Source != RosterSource.Clever && p.NormalizedEmail == email
                    && (p.GoogleSubject == null || p.GoogleSubject == message.Subject || p.GoogleEmail == null
                        || p.GoogleEmail != p.NormalizedEmail))
                .Select(p => new
                {
                    p.Id, p.DistrictId, p.IsActive,
                    District = db.Districts.Where(d => d.Id == p.DistrictId).Select(d => new { d.Name, d.GoogleDomains }).FirstOrDefault(),
                })
                .ToListAsync(token);
            var matches = candidates.Where(m => DomainAllowed(m.District?.GoogleDomains, message.HostedDomain))
                .Select(m => new { m.Id, m.DistrictId, m.IsActive, District = m.District?.Name }).ToList();
            // Google has verified that this browser holds the address, so saying Twig has it from Clever tells no one else anything.
            if (matches.Count == 0)
                return Result.Refused(await db.People.AnyAsync(p => p.Source == RosterSource.Clever && p.IsActive
                    && p.NormalizedEmail == email, token) ? SignInRefusal.GoogleUseClever : SignInRefusal.GoogleUnknown);
            var active = matches.Where(m => m.IsActive).ToList();
            if (active.Count == 0) return Result.Refused(SignInRefusal.Deactivated);

            var allowed = new List<(int PersonId, DistrictChoice District)>();
            foreach (var match in active)
                if ((await SignInCheck.CheckAsync(db, clock, match.DistrictId, token)).Allowed)
                    allowed.Add((match.Id, new DistrictChoice(match.DistrictId, match.District ?? "")));
            if (allowed.Count == 0) return Result.Refused(SignInRefusal.SubscriptionInactive);

            if (message.DistrictId is { } chosen)
            {
                allowed = [.. allowed.Where(a => a.District.Id == chosen)];
                if (allowed.Count == 0) return Result.Refused(SignInRefusal.GoogleUnknown);
            }
            var districts = allowed.Select(a => a.District).Distinct().OrderBy(d => d.Name, NameOrder.Comparer).ToList();
            if (districts.Count > 1) return new Result(null, null, districts);
            // One address for two people of the district (a guardian's for siblings): either could be opened, so neither is.
            if (allowed.Count > 1) return Result.Refused(SignInRefusal.GoogleShared);

            var personId = allowed[0].PersonId;
            var person = await db.People.SingleAsync(p => p.Id == personId, token);
            person.GoogleSubject = message.Subject;
            person.GoogleEmail = person.NormalizedEmail;
            person.LastSignInAt = clock.GetUtcNow().UtcDateTime;
            return new Result(RosteredPrincipal.Create(person, "google"), null, []);
        }
    }

    /// <summary>A district without a domain list takes any verified Google account; with one, <c>hd</c> must be on it.</summary>
    public static bool DomainAllowed(string? allowedDomains, string? hostedDomain)
    {
        var allowed = GoogleDomains.Parse(allowedDomains);
        return allowed.Count == 0 || (hostedDomain is { Length: > 0 } hd && allowed.Contains(hd.Trim().ToLowerInvariant()));
    }

    /// <summary>The Google identity waiting for a district choice, kept in Identity's short-lived external cookie.</summary>
    public static ClaimsPrincipal Pending(string subject, string email, bool verified, string? hostedDomain)
    {
        var identity = new ClaimsIdentity(
            [new Claim(SubjectClaim, subject), new Claim(ClaimTypes.Email, email), new Claim(VerifiedClaim, verified ? "true" : "false")],
            "google-pending");
        if (hostedDomain is { Length: > 0 }) identity.AddClaim(new Claim(HostedDomainClaim, hostedDomain));
        return new ClaimsPrincipal(identity);
    }

    public static Command CommandFor(ClaimsPrincipal google, int? districtId = null) => new(
        google.FindFirstValue(SubjectClaim) ?? google.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        google.FindFirstValue(ClaimTypes.Email) ?? "",
        google.FindFirstValue(VerifiedClaim) == "true",
        districtId,
        google.FindFirstValue(HostedDomainClaim));

    public sealed class Events(IMediator mediator, ILogger<Events> logger) : OAuthEvents
    {
        public override async Task TicketReceived(TicketReceivedContext context)
        {
            var google = context.Principal!;
            var command = CommandFor(google);
            var result = await mediator.Send(command, context.HttpContext.RequestAborted);
            if (result.Principal is not null)
            {
                Infrastructure.Security.SignInLog.Succeeded(logger, "google",
                    "person:" + result.Principal.FindFirstValue(Infrastructure.Security.TwigClaims.PersonId),
                    Infrastructure.Security.SignInLog.AddressOf(context.HttpContext));
                context.Principal = result.Principal;
                // Straight to the person's home instead of "/", which would only redirect there: one round trip fewer.
                if (context.ReturnUri is null or "/") context.ReturnUri = LandingPage.For(result.Principal) ?? "/";
                return;
            }

            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            if (result.Choices.Count > 1)
            {
                await context.HttpContext.SignInAsync(IdentityConstants.ExternalScheme,
                    Pending(command.Subject, command.Email, command.EmailVerified, command.HostedDomain));
                context.Response.Redirect(ChooseDistrictPath);
            }
            else
            {
                Infrastructure.Security.SignInLog.Failed(logger, "google", "google:" + command.Subject,
                    Infrastructure.Security.SignInLog.AddressOf(context.HttpContext), $"refused: {result.Refusal}");
                context.Response.Redirect(Refused.PathFor(result.Refusal ?? SignInRefusal.GoogleFailed));
            }
            context.HandleResponse();
        }

        public override Task AccessDenied(AccessDeniedContext context)
        {
            // Google answers access_denied with admin_policy_enforced when the district's Workspace has not approved Twig.
            var query = context.Request.Query;
            var policy = query["error_subtype"] == "admin_policy_enforced" || query["error_description"].ToString()
                .Contains("admin_policy_enforced", StringComparison.Ordinal);
            logger.LogInformation("Google sign-in denied{Policy}", policy ? " by the Workspace admin policy" : "");
            context.Response.Redirect(Refused.PathFor(policy ? SignInRefusal.GoogleAdminPolicy : SignInRefusal.GoogleFailed));
            context.HandleResponse();
            return Task.CompletedTask;
        }

        public override async Task RemoteFailure(RemoteFailureContext context)
        {
            context.HandleResponse();
            logger.LogWarning("Google sign-in failed: {Reason}", context.Failure?.Message);
            var policy = context.Request.Query["error"] == "admin_policy_enforced";
            if (!policy && (await context.HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Succeeded)
            {
                context.Response.Redirect("/");
                return;
            }
            context.Response.Redirect(Refused.PathFor(policy ? SignInRefusal.GoogleAdminPolicy : SignInRefusal.GoogleFailed));
        }
    }
}
