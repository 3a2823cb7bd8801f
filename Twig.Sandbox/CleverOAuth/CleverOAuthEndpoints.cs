using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Twig.Sandbox.CleverApi;
using Twig.Sandbox.Configuration;
using Twig.Sandbox.Pages;

namespace Twig.Sandbox.CleverOAuth;

/// <summary>The sandbox clever.com: authorize (person picker), token exchange, district tokens, tokeninfo.</summary>
internal static class CleverOAuthEndpoints
{
    public const string Prefix = "/sandbox/clever";
    public const string SessionCookie = "sandbox_clever_session";

    private static readonly string[] DistrictScopes =
    [
        "read:district_admins", "read:school_admins", "read:schools", "read:sections", "read:students",
        "read:teachers", "read:contacts", "read:terms", "read:courses", "read:user_id",
    ];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Prefix + "/oauth/authorize", Authorize);
        endpoints.MapGet(Prefix + "/oauth/choose", Choose);
        endpoints.MapGet(Prefix + "/oauth/logout", Logout);
        endpoints.MapPost(Prefix + "/oauth/tokens", ExchangeCode);
        endpoints.MapGet(Prefix + "/oauth/tokens", ListDistrictTokens);
        endpoints.MapGet(Prefix + "/oauth/tokeninfo", TokenInfo);
    }

    /// <summary>Parameters of an authorize request, carried through the picker unchanged.</summary>
    private sealed record AuthorizeRequest(string? ClientId, string? RedirectUri, string? State, string? DistrictId, string? Nonce,
        string? ResponseType)
    {
        public static AuthorizeRequest From(HttpRequest request) => new(
            request.Query["client_id"], request.Query["redirect_uri"], request.Query["state"],
            request.Query["district_id"], request.Query["nonce"], request.Query["response_type"]);

        public (string, string?)[] Parameters =>
        [
            ("response_type", ResponseType), ("client_id", ClientId), ("redirect_uri", RedirectUri),
            ("state", State), ("district_id", DistrictId), ("nonce", Nonce),
        ];
    }

    private static IResult Authorize(HttpContext http, CleverSandbox sandbox)
    {
        var request = AuthorizeRequest.From(http.Request);
        if (Validate(http, sandbox, request) is { } problem) return problem;
        request = request with
        {
            RedirectUri = string.IsNullOrEmpty(request.RedirectUri)
            ? RedirectUris.Primary(http.Request, sandbox.App.RedirectUris) : request.RedirectUri
        };

        // A person already signed in to (sandbox) Clever goes straight back, as on clever.com.
        if (sandbox.Session(http.Request.Cookies[SessionCookie]) is { } session
            && (string.IsNullOrEmpty(request.DistrictId) || request.DistrictId == session.DistrictId)
            && sandbox.FindDistrict(session.DistrictId)?.Roster.FindUser(session.UserId) is not null)
        {
            return Results.Redirect(Callback(sandbox, request, session.DistrictId, session.UserId));
        }

        var districts = sandbox.Districts;
        var district = sandbox.FindDistrict(request.DistrictId) ?? (districts.Count == 1 ? districts[0] : null);
        if (district is null)
        {
            var others = request.Parameters.Where(p => p.Item1 != "district_id").ToList();
            var list = string.Concat(districts.Select(d =>
                $"<li>{Html.Link(Html.Url(Prefix + "/oauth/authorize", [.. others, ("district_id", d.Id)]), d.Name)}</li>\n"));
            return Html.Page("Log in with Clever — find your district", $"<ul>\n{list}</ul>\n");
        }

        var query = http.Request.Query["q"].FirstOrDefault();
        var people = PeoplePicker.Choose(district, query);
        var body = $"<p>District: <strong>{Html.E(district.Name)}</strong>. Choose who you are.</p>\n"
            + PeoplePicker.SearchForm(Prefix + "/oauth/authorize", query,
                [.. request.Parameters.Where(p => p.Item1 != "district_id"), ("district_id", district.Id)])
            + PeoplePicker.Render(people, "Log in as this person", user => ChooseUrl(request, district.Id, user.Id));
        return Html.Page("Log in with Clever", body);
    }

    /// <summary>The link a test (or a person) follows to sign in as one user.</summary>
    public static string ChooseUrl(string? clientId, string? redirectUri, string? state, string districtId, string userId,
        string? nonce = null) =>
        Html.Url(Prefix + "/oauth/choose",
            ("client_id", clientId), ("redirect_uri", redirectUri), ("state", state), ("nonce", nonce),
            ("district_id", districtId), ("user_id", userId));

    private static string ChooseUrl(AuthorizeRequest request, string districtId, string userId) =>
        ChooseUrl(request.ClientId, request.RedirectUri, request.State, districtId, userId, request.Nonce);

    private static IResult Choose(HttpContext http, CleverSandbox sandbox)
    {
        var request = AuthorizeRequest.From(http.Request) with { ResponseType = "code" };
        if (Validate(http, sandbox, request) is { } problem) return problem;
        request = request with
        {
            RedirectUri = string.IsNullOrEmpty(request.RedirectUri)
            ? RedirectUris.Primary(http.Request, sandbox.App.RedirectUris) : request.RedirectUri
        };
        var district = sandbox.FindDistrict(request.DistrictId);
        var userId = http.Request.Query["user_id"].FirstOrDefault();
        if (district is null || userId is null || district.Roster.FindUser(userId) is null)
            return Html.Page("Clever — person not found", "<p>That person is not in the district.</p>", StatusCodes.Status404NotFound);

        SignIn(http, sandbox, district.Id, userId);
        return Results.Redirect(Callback(sandbox, request, district.Id, userId));
    }

    private static IResult Logout(HttpContext http, CleverSandbox sandbox)
    {
        sandbox.EndSession(http.Request.Cookies[SessionCookie]);
        http.Response.Cookies.Delete(SessionCookie, new CookieOptions { Path = Prefix });
        return Results.Redirect(Prefix + "/portal");
    }

    internal static void SignIn(HttpContext http, CleverSandbox sandbox, string districtId, string userId)
    {
        var session = sandbox.StartSession(districtId, userId);
        http.Response.Cookies.Append(SessionCookie, session,
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = Prefix });
    }

    private static string Callback(CleverSandbox sandbox, AuthorizeRequest request, string districtId, string userId)
    {
        var code = sandbox.IssueCode(districtId, userId, request.RedirectUri);
        return RedirectUris.WithParameters(request.RedirectUri!, ("code", code), ("state", request.State));
    }

    private static IResult? Validate(HttpContext http, CleverSandbox sandbox, AuthorizeRequest request)
    {
        if (request.ClientId != sandbox.App.ClientId)
            return Html.Page("Clever — unknown application", "<p>The client_id does not belong to any Clever application.</p>",
                StatusCodes.Status400BadRequest);
        if (request.ResponseType != "code")
            return Html.Page("Clever — unsupported request", "<p>Only response_type=code is supported.</p>",
                StatusCodes.Status400BadRequest);
        if (!string.IsNullOrEmpty(request.RedirectUri) && !RedirectUris.IsRegistered(request.RedirectUri, sandbox.App.RedirectUris))
            return Html.Page("Clever — redirect URI not registered",
                $"<p>{Html.E(request.RedirectUri)} is not one of the application's redirect URIs.</p>", StatusCodes.Status400BadRequest);
        if (!string.IsNullOrEmpty(request.DistrictId) && sandbox.FindDistrict(request.DistrictId) is null)
            return Html.Page("Clever — unknown district", "<p>No such district.</p>", StatusCodes.Status404NotFound);
        return null;
    }

    private static async Task<IResult> ExchangeCode(HttpContext http, CleverSandbox sandbox)
    {
        var client = ClientCredentials.FromBasic(http.Request);
        if (client is not { } c || c.Id != sandbox.App.ClientId || c.Secret != sandbox.App.ClientSecret)
            return Error(StatusCodes.Status401Unauthorized, "invalid_client",
                "Client authentication failed: use HTTP Basic with the client id and secret.");

        var fields = await ReadBody(http.Request);
        if (fields is null) return Error(StatusCodes.Status400BadRequest, "invalid_request", "Body must be JSON or form-encoded.");
        if (fields.GetValueOrDefault("grant_type") != "authorization_code")
            return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "grant_type must be authorization_code.");
        var code = fields.GetValueOrDefault("code");
        var grant = string.IsNullOrEmpty(code) ? null : sandbox.RedeemCode(code);
        if (grant is null) return Error(StatusCodes.Status400BadRequest, "invalid_grant", "Invalid grant: invalid code");
        var redirectUri = fields.GetValueOrDefault("redirect_uri");
        if (!string.IsNullOrEmpty(redirectUri) && grant.RedirectUri is not null && redirectUri != grant.RedirectUri)
            return Error(StatusCodes.Status400BadRequest, "invalid_grant", "Invalid grant: redirect_uri does not match");

        var token = sandbox.IssueSsoToken(grant.DistrictId, grant.UserId);
        return Json(StatusCodes.Status200OK, new JsonObject { ["access_token"] = token, ["token_type"] = "bearer" });
    }

    private static IResult ListDistrictTokens(HttpContext http, CleverSandbox sandbox)
    {
        var client = ClientCredentials.FromBasic(http.Request);
        if (client is not { } c || c.Id != sandbox.App.ClientId || c.Secret != sandbox.App.ClientSecret)
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed.");
        if (http.Request.Query["owner_type"].FirstOrDefault() != "district")
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "owner_type must be district.");

        var only = http.Request.Query["district"].FirstOrDefault();
        var data = new JsonArray();
        foreach (var district in sandbox.Districts.Where(d => d.Connected && (only is null || d.Id == only)))
        {
            data.Add(new JsonObject
            {
                ["id"] = district.TokenRecordId,
                ["created"] = district.ConnectedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["owner"] = new JsonObject { ["type"] = "district", ["id"] = district.Id },
                ["access_token"] = district.Token,
                ["scopes"] = new JsonArray([.. DistrictScopes.Select(s => (JsonNode)s)]),
            });
        }
        var self = "/oauth/tokens" + http.Request.QueryString.Value;
        return Json(StatusCodes.Status200OK, new JsonObject
        {
            ["data"] = data,
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["uri"] = self }),
        });
    }

    private static IResult TokenInfo(HttpContext http, CleverSandbox sandbox)
    {
        var header = http.Request.Headers.Authorization.FirstOrDefault();
        var token = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var owner = token is null ? null : sandbox.Authenticate(token);
        if (owner is null || owner.Revoked) return Error(StatusCodes.Status401Unauthorized, "invalid_token", "Unknown or revoked token.");
        var scopes = owner.IsSso ? ["read:user_id", "read:sis", "read:students_limited", "read:teachers_limited"] : DistrictScopes;
        return Json(StatusCodes.Status200OK, new JsonObject
        {
            ["client_id"] = sandbox.App.ClientId,
            ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]),
        });
    }

    private static async Task<Dictionary<string, string>?> ReadBody(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return form.ToDictionary(f => f.Key, f => f.Value.ToString());
        }
        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body);
                if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
                return document.RootElement.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .ToDictionary(p => p.Name, p => p.Value.GetString()!);
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>Clever's token-endpoint error shape.</summary>
    internal static IResult Error(int status, string error, string description) =>
        Json(status, new JsonObject { ["error"] = error, ["error_description"] = description });

    internal static IResult Json(int status, JsonObject body) =>
        Results.Content(body.ToJsonString(WireJson.Serializer), "application/json; charset=utf-8", System.Text.Encoding.UTF8, status);
}
