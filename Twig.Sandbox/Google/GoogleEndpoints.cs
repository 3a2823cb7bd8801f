using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Twig.Sandbox.CleverOAuth;
using Twig.Sandbox.Configuration;
using Twig.Sandbox.Pages;

namespace Twig.Sandbox.Google;

/// <summary>
/// The sandbox Google, at Google's own paths, so Microsoft.AspNetCore.Authentication.Google works with
/// only its three endpoint URLs changed: authorize (pick or type an address), token (form body, PKCE),
/// userinfo (v3, plus the v2 shape the stock handler's default claim mapping expects).
/// </summary>
internal static class GoogleEndpoints
{
    public const string Prefix = "/sandbox/google";
    public const string AuthorizePath = Prefix + "/o/oauth2/v2/auth";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(AuthorizePath, Authorize);
        endpoints.MapGet(AuthorizePath + "/choose", Choose);
        endpoints.MapPost(Prefix + "/token", Token);
        endpoints.MapGet(Prefix + "/oauth2/v3/userinfo", UserInfoV3);
        endpoints.MapGet(Prefix + "/oauth2/v2/userinfo", UserInfoV2);
    }

    private static readonly string[] Carried =
        ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method"];

    private static (string, string?)[] CarriedFrom(HttpRequest request) =>
        [.. Carried.Select(name => (name, (string?)request.Query[name].FirstOrDefault()))];

    private static IResult Authorize(HttpContext http, GoogleSandbox google, CleverSandbox clever)
    {
        if (Validate(http, google) is { } problem) return problem;
        var carried = CarriedFrom(http.Request);
        var hidden = string.Concat(carried.Select(c => Html.Hidden(c.Item1, c.Item2)));
        var form = $"<form method=\"get\" action=\"{Html.E(AuthorizePath + "/choose")}\">{hidden}\n"
            + "<p><label>E-mail address <input type=\"email\" name=\"email\" required></label></p>\n"
            + "<fieldset><legend>Is the address verified by Google?</legend>\n"
            + "<label><input type=\"radio\" name=\"verified\" value=\"true\" checked> Verified</label>\n"
            + "<label><input type=\"radio\" name=\"verified\" value=\"false\"> Not verified</label>\n</fieldset>\n"
            + "<p><button type=\"submit\">Continue</button></p>\n</form>\n";

        // Known addresses of the sandbox districts' people, so a demo can sign in as someone Twig knows.
        var known = clever.Districts.Take(3)
            .SelectMany(d => d.Roster.Users("teacher").Take(5).Concat(d.Roster.Users("district_admin").Take(2)))
            .Where(u => u.Email is not null)
            .Select(u => u.Email!)
            .Append("someone@gmail.com")
            .Concat(google.App.UnapprovedDomains.Take(1).Select(d => "teacher@" + d));
        var links = string.Concat(known.Distinct().Select(email =>
            $"<li>{Html.Link(Html.Url(AuthorizePath + "/choose", [.. carried, ("email", email), ("verified", "true")]), email)}</li>\n"));
        return Html.Page("Sign in with Google", form + "<h2>Choose an account</h2>\n<ul>\n" + links + "</ul>\n");
    }

    private static IResult Choose(HttpContext http, GoogleSandbox google)
    {
        if (Validate(http, google) is { } problem) return problem;
        var query = http.Request.Query;
        var redirectUri = query["redirect_uri"].ToString();
        var state = query["state"].FirstOrDefault();
        var email = query["email"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@'))
            return Html.Page("Sign in with Google", "<p>Enter an e-mail address.</p>", StatusCodes.Status400BadRequest);

        if (google.IsUnapproved(email))
        {
            // A Workspace whose admin has not approved the app: Google refuses with admin_policy_enforced.
            return Results.Redirect(RedirectUris.WithParameters(redirectUri,
                ("error", "access_denied"), ("error_subtype", "admin_policy_enforced"),
                ("error_description", "admin_policy_enforced"), ("state", state)));
        }

        var identity = GoogleSandbox.IdentityFor(email, query["verified"].FirstOrDefault() != "false");
        var scope = query["scope"].FirstOrDefault();
        var code = google.IssueCode(identity, redirectUri, query["code_challenge"].FirstOrDefault(),
            query["code_challenge_method"].FirstOrDefault(), scope);
        return Results.Redirect(RedirectUris.WithParameters(redirectUri,
            ("state", state), ("code", code), ("scope", scope), ("authuser", "0"), ("hd", identity.HostedDomain), ("prompt", "consent")));
    }

    private static IResult? Validate(HttpContext http, GoogleSandbox google)
    {
        var query = http.Request.Query;
        if (query["client_id"] != google.App.ClientId)
            return Html.Page("Access blocked: authorization error", "<p>Error 401: invalid_client. The OAuth client was not found.</p>",
                StatusCodes.Status401Unauthorized);
        if (query["response_type"] != "code")
            return Html.Page("Access blocked: authorization error", "<p>Error 400: unsupported_response_type.</p>",
                StatusCodes.Status400BadRequest);
        if (!RedirectUris.IsRegistered(query["redirect_uri"], google.App.RedirectUris))
            return Html.Page("Access blocked: authorization error", "<p>Error 400: redirect_uri_mismatch.</p>",
                StatusCodes.Status400BadRequest);
        return null;
    }

    private static async Task<IResult> Token(HttpContext http, GoogleSandbox google)
    {
        if (!http.Request.HasFormContentType) return Error(400, "invalid_request", "Body must be form-encoded.");
        var form = await http.Request.ReadFormAsync();
        var basic = ClientCredentials.FromBasic(http.Request);
        var clientId = basic?.Id ?? form["client_id"].ToString();
        var secret = basic?.Secret ?? form["client_secret"].ToString();
        if (clientId != google.App.ClientId || secret != google.App.ClientSecret)
            return Error(401, "invalid_client", "The OAuth client was not found.");
        if (form["grant_type"] != "authorization_code")
            return Error(400, "unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]);
        var grant = google.Redeem(form["code"].ToString());
        if (grant is null) return Error(400, "invalid_grant", "Bad Request");
        if (form["redirect_uri"] != grant.RedirectUri) return Error(400, "redirect_uri_mismatch", "Bad Request");
        if (!grant.Verifies(form["code_verifier"].FirstOrDefault())) return Error(400, "invalid_grant", "Invalid code verifier.");

        return CleverOAuthEndpoints.Json(200, new JsonObject
        {
            ["access_token"] = google.IssueToken(grant.Identity),
            ["expires_in"] = 3599,
            ["scope"] = grant.Scope ?? "openid email profile",
            ["token_type"] = "Bearer",
        });
    }

    private static IResult UserInfoV3(HttpContext http, GoogleSandbox google)
    {
        if (Identify(http, google) is not { } who) return Unauthorized();
        var body = new JsonObject
        {
            ["sub"] = who.Sub,
            // Not in Google's v3 answer: the stock ASP.NET Core handler maps NameIdentifier from "id".
            ["id"] = who.Sub,
            ["name"] = who.Name,
            ["given_name"] = who.GivenName,
            ["family_name"] = who.FamilyName,
            ["email"] = who.Email,
            ["email_verified"] = who.EmailVerified,
        };
        if (who.HostedDomain is not null) body["hd"] = who.HostedDomain;
        return CleverOAuthEndpoints.Json(200, body);
    }

    /// <summary>Google's v2 shape, the stock handler's default userinfo endpoint.</summary>
    private static IResult UserInfoV2(HttpContext http, GoogleSandbox google)
    {
        if (Identify(http, google) is not { } who) return Unauthorized();
        var body = new JsonObject
        {
            ["id"] = who.Sub,
            ["email"] = who.Email,
            ["verified_email"] = who.EmailVerified,
            ["name"] = who.Name,
            ["given_name"] = who.GivenName,
            ["family_name"] = who.FamilyName,
        };
        if (who.HostedDomain is not null) body["hd"] = who.HostedDomain;
        return CleverOAuthEndpoints.Json(200, body);
    }

    private static GoogleIdentity? Identify(HttpContext http, GoogleSandbox google)
    {
        var header = http.Request.Headers.Authorization.FirstOrDefault();
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? google.Identity(header[7..].Trim())
            : null;
    }

    private static IResult Unauthorized() => CleverOAuthEndpoints.Json(401, new JsonObject
    {
        ["error"] = "invalid_request",
        ["error_description"] = "Invalid Credentials",
    });

    private static IResult Error(int status, string error, string description) =>
        CleverOAuthEndpoints.Json(status, new JsonObject { ["error"] = error, ["error_description"] = description });
}
