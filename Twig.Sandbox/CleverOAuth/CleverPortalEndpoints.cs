using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Twig.Sandbox.Configuration;
using Twig.Sandbox.Pages;

namespace Twig.Sandbox.CleverOAuth;

/// <summary>
/// The Clever portal: a district's people, each with "Launch Twig". A launch sends a fresh code to the
/// app's primary redirect URI without <c>state</c>, exactly like a portal click or an Instant Login link.
/// </summary>
internal static class CleverPortalEndpoints
{
    public const string PortalPath = CleverOAuthEndpoints.Prefix + "/portal";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(PortalPath, Portal);
        endpoints.MapGet(PortalPath + "/launch", Launch);
        endpoints.MapGet(CleverOAuthEndpoints.Prefix + "/oauth/instant-login", InstantLogin);
    }

    /// <summary>
    /// Clever's Instant Login link (<c>/oauth/instant-login?client_id=…&amp;district_id=…</c>): a person already
    /// signed in goes straight to the app's primary redirect URI, without state; anyone else picks who they are first.
    /// </summary>
    private static IResult InstantLogin(HttpContext http, CleverSandbox sandbox)
    {
        if (http.Request.Query["client_id"] != sandbox.App.ClientId)
            return Html.Page("Clever — unknown application", "<p>The client_id does not belong to any Clever application.</p>",
                StatusCodes.Status400BadRequest);
        var district = sandbox.FindDistrict(http.Request.Query["district_id"].FirstOrDefault());
        if (district is null) return Html.Page("Clever — unknown district", "<p>No such district.</p>", StatusCodes.Status404NotFound);
        var session = sandbox.Session(http.Request.Cookies[CleverOAuthEndpoints.SessionCookie]);
        if (session is not null && session.DistrictId == district.Id && district.Roster.FindUser(session.UserId) is not null)
            return Results.Redirect(LaunchUrl(district.Id, session.UserId));
        return Results.Redirect(Html.Url(PortalPath, ("district_id", district.Id)));
    }

    /// <summary>The link that launches the app as one user (what a test follows).</summary>
    public static string LaunchUrl(string districtId, string userId) =>
        Html.Url(PortalPath + "/launch", ("district_id", districtId), ("user_id", userId));

    private static IResult Portal(HttpContext http, CleverSandbox sandbox)
    {
        var districtId = http.Request.Query["district_id"].FirstOrDefault();
        var districts = sandbox.Districts;
        var district = sandbox.FindDistrict(districtId) ?? (districts.Count == 1 ? districts[0] : null);
        if (district is null)
        {
            var list = string.Concat(districts.Select(d => $"<li>{Html.Link(Html.Url(PortalPath, ("district_id", d.Id)), d.Name)}</li>\n"));
            return Html.Page("Clever portal — choose a district", $"<ul>\n{list}</ul>\n");
        }

        var query = http.Request.Query["q"].FirstOrDefault();
        var signedIn = sandbox.Session(http.Request.Cookies[CleverOAuthEndpoints.SessionCookie]);
        var who = signedIn is not null && district.Roster.FindUser(signedIn.UserId) is { } me
            ? $"<p>Signed in to Clever as {Html.E(PeoplePicker.DisplayName(me))}. " +
                $"{Html.Link(CleverOAuthEndpoints.Prefix + "/oauth/logout", "Sign out of Clever")}</p>\n"
            : "";
        var body = who
            + $"<p>District: <strong>{Html.E(district.Name)}</strong>. Each link opens Twig as that person, the way a Clever portal icon " +
                "does.</p>\n"
            + PeoplePicker.SearchForm(PortalPath, query, ("district_id", district.Id))
            + PeoplePicker.Render(PeoplePicker.Choose(district, query), "Launch Twig", user => LaunchUrl(district.Id, user.Id));
        return Html.Page("Clever portal", body);
    }

    private static IResult Launch(HttpContext http, CleverSandbox sandbox)
    {
        var district = sandbox.FindDistrict(http.Request.Query["district_id"].FirstOrDefault());
        var userId = http.Request.Query["user_id"].FirstOrDefault();
        if (district is null || userId is null || district.Roster.FindUser(userId) is null)
            return Html.Page("Clever portal — person not found", "<p>That person is not in the district.</p>",
                StatusCodes.Status404NotFound);

        CleverOAuthEndpoints.SignIn(http, sandbox, district.Id, userId);
        var primary = RedirectUris.Primary(http.Request, sandbox.App.RedirectUris);
        var code = sandbox.IssueCode(district.Id, userId, primary);
        return Results.Redirect(RedirectUris.WithParameters(primary, ("code", code)));
    }
}
