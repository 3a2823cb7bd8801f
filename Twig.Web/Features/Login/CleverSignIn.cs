using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Features.Login.Clever;
using Twig.Web.Infrastructure.Messaging;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Login;

/// <summary>
/// Who may come in through Clever: an active person synced from Clever, in a Twig district whose Clever
/// connection is connected (or being re-checked after a 401: sign-in never uses the district's token) and whose
/// subscription allows sign-in. Roles are the ones Clever gives the person now.
/// </summary>
public static class CleverSignIn
{
    public const string RememberedDistrictCookie = "twig-clever-district";

    /// <summary>
    /// Reads, then stamps <c>LastSignInAt</c> with one UPDATE, which is atomic on its own: no transaction around the reads
    /// (on SQLite a read-then-write transaction also holds up the other sign-ins writing their sessions).
    /// </summary>
    public sealed record Command(string CleverUserId, string? CleverDistrictId, IReadOnlyList<string> CleverRoles) : ICommand<Result>,
        IOwnsTransaction;

    public sealed record Result(ClaimsPrincipal? Principal, SignInRefusal? Refusal);

    public static PersonRoles MapRoles(IEnumerable<string> cleverRoles)
    {
        var roles = PersonRoles.None;
        foreach (var role in cleverRoles)
            roles |= role switch
            {
                "student" => PersonRoles.Student,
                "teacher" => PersonRoles.Teacher,
                "staff" => PersonRoles.SchoolAdmin,
                "district_admin" => PersonRoles.DistrictAdmin,
                _ => PersonRoles.None,
            };
        return roles;
    }

    public sealed class CommandHandler(TwigDb db, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var roles = MapRoles(message.CleverRoles);
            if (roles == PersonRoles.None)
                return Refused(message.CleverRoles.Contains("contact") ? SignInRefusal.Parent : SignInRefusal.NotSynced);

            var connected = string.IsNullOrEmpty(message.CleverDistrictId) ? null : await db.CleverConnections.AsNoTracking()
                .Where(CleverConnection.Live)
                .Where(c => c.CleverDistrictId == message.CleverDistrictId && c.DistrictId != null && c.District!.DeletedAt == null)
                .Select(c => c.DistrictId)
                .FirstOrDefaultAsync(token);
            if (connected is not { } districtId) return Refused(SignInRefusal.DistrictNotConnected);

            var person = await db.People.AsNoTracking()
                .Where(p => p.DistrictId == districtId && p.Source == RosterSource.Clever && p.ExternalId == message.CleverUserId)
                .Select(p => new { p.Id, p.DistrictId, p.FirstName, p.LastName, p.Username, p.IsActive })
                .FirstOrDefaultAsync(token);
            if (person is null) return Refused(await UnknownAsync(districtId, message.CleverUserId, token));
            if (!person.IsActive) return Refused(SignInRefusal.Deactivated);

            var licence = await SignInCheck.CheckAsync(db, clock, districtId, token);
            if (!licence.Allowed) return Refused(SignInRefusal.SubscriptionInactive);

            var now = clock.GetUtcNow().UtcDateTime;
            await db.People.Where(p => p.Id == person.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.LastSignInAt, now), token);
            var asCleverSaysNow = new Person
            {
                Id = person.Id, DistrictId = person.DistrictId, FirstName = person.FirstName, LastName = person.LastName,
                Username = person.Username, Roles = roles,
            };
            return new Result(RosteredPrincipal.Create(asCleverSaysNow, "clever"), null);
        }

        private static Result Refused(SignInRefusal refusal) => new(null, refusal);

        /// <summary>
        /// Why Twig has no record of someone Clever signed in: no sync has completed yet; the last one left their record out with
        /// a warning naming them (Clever shares it, but it lacks what Twig needs); or the district does not share it with Twig.
        /// </summary>
        private async Task<SignInRefusal> UnknownAsync(int districtId, string cleverUserId, CancellationToken token)
        {
            var lastRun = await db.SyncRuns.Where(r => r.DistrictId == districtId).Where(SyncRun.Succeeded)
                .OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(token);
            if (lastRun is null) return SignInRefusal.NotSynced;
            var leftOut = await db.SyncIssues.AnyAsync(i => i.SyncRunId == lastRun && i.EntityType == RosterEntityType.Person
                && i.ExternalId == cleverUserId, token);
            return leftOut ? SignInRefusal.RecordIncomplete : SignInRefusal.NotShared;
        }
    }

    /// <summary>Turns Clever's identity into a Twig session, or a friendly page saying why not.</summary>
    public sealed class Events(IMediator mediator, IHostEnvironment environment, ILogger<Events> logger) : OAuthEvents
    {
        public override async Task TicketReceived(TicketReceivedContext context)
        {
            var clever = context.Principal!;
            var result = await mediator.Send(new Command(
                clever.FindFirstValue(CleverClaims.UserId) ?? "",
                clever.FindFirstValue(CleverClaims.District),
                [.. clever.FindAll(CleverClaims.Role).Select(c => c.Value)]), context.HttpContext.RequestAborted);

            // Shared classroom computers: a new Clever login replaces whoever was signed in, even when it is refused.
            if (result.Principal is null)
            {
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                SignInLog.Failed(logger, "clever", "clever:" + clever.FindFirstValue(CleverClaims.UserId),
                    SignInLog.AddressOf(context.HttpContext), $"refused: {result.Refusal}");
                context.Response.Redirect(Refused.PathFor(result.Refusal!.Value));
                context.HandleResponse();
                return;
            }
            SignInLog.Succeeded(logger, "clever", "person:" + result.Principal.FindFirstValue(TwigClaims.PersonId),
                SignInLog.AddressOf(context.HttpContext));
            context.Principal = result.Principal;
            // Straight to the person's home instead of "/", which would only redirect there: one round trip fewer.
            if (context.ReturnUri is null or "/") context.ReturnUri = LandingPage.For(result.Principal) ?? "/";
            if (clever.FindFirstValue(CleverClaims.District) is { Length: > 0 } district)
                context.Response.Cookies.Append(RememberedDistrictCookie, district,
                    RememberedCookie.Options(environment, TimeSpan.FromDays(180)));
        }

        public override async Task RemoteFailure(RemoteFailureContext context)
        {
            context.HandleResponse();
            logger.LogWarning("Clever sign-in failed: {Reason}", context.Failure?.Message);
            if (context.Failure is CleverSignInException { Failure: CleverFailure.CodeExpired })
            {
                context.Response.Redirect(Refused.PathFor(SignInRefusal.CleverExpired));
                return;
            }
            // A replay whose first use already signed the person in continues that session.
            if ((await context.HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Succeeded)
            {
                context.Response.Redirect("/");
                return;
            }
            context.Response.Redirect(Refused.PathFor(SignInRefusal.CleverFailed));
        }

        public override Task AccessDenied(AccessDeniedContext context)
        {
            context.Response.Redirect(Refused.PathFor(SignInRefusal.CleverFailed));
            context.HandleResponse();
            return Task.CompletedTask;
        }
    }
}
