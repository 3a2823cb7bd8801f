using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Login.Clever;

/// <summary>
/// Clever Instant Login as an OAuth 2.0 handler: authorize (with <c>district_id</c> when known), code exchange
/// with HTTP Basic, then <c>/v3.0/me</c> and <c>/v3.0/users/{id}</c> for the name and every role.
/// Two things Clever needs beyond the stock handler: logins Clever starts (portal, Instant Login) arrive with a
/// code and no <c>state</c>, and are sent back to authorize with our own state; and every code is recorded in a ledger
/// shared by all instances before it is exchanged or discarded, so none is ever accepted twice.
/// </summary>
public sealed class CleverAuthenticationHandler(
    IOptionsMonitor<CleverAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    SelfUrl self, CleverCodeLedger ledger)
    : OAuthHandler<CleverAuthenticationOptions>(options, logger, encoder)
{
    public override async Task<bool> HandleRequestAsync()
    {
        if (!await ShouldHandleRequestAsync()) return false;

        var query = Request.Query;
        var code = query["code"].ToString();
        var hasState = !string.IsNullOrEmpty(query["state"]);
        if (!string.IsNullOrEmpty(code) && string.IsNullOrEmpty(query["error"]))
        {
            // Every code is recorded before it is used or discarded, with or without state: a code seen once is spent.
            if (!await ledger.TryClaimAsync(code, Context.RequestAborted))
            {
                // A replayed callback, or someone else's code: never exchanged. Continue the session this browser has, or start again.
                if ((await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Succeeded)
                {
                    Logger.LogInformation("Clever code presented again; continuing the existing session");
                    Response.Redirect(Options.PortalReturnPath);
                }
                else
                {
                    Logger.LogInformation("Clever code presented again without a session; restarting sign-in");
                    await RestartAsync();
                }
                return true;
            }
            if (!hasState)
            {
                // Clever started this login (portal or Instant Login). The person is signed in at Clever, so a fresh
                // authorize with our own state comes straight back; the first code is already spent in the ledger.
                Logger.LogInformation("Clever-started login; restarting with Twig's own state");
                await RestartAsync();
                return true;
            }
        }
        return await base.HandleRequestAsync();
    }

    private Task RestartAsync() =>
        Context.ChallengeAsync(Scheme.Name, new AuthenticationProperties { RedirectUri = Options.PortalReturnPath });

    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        var url = base.BuildChallengeUrl(properties, redirectUri);
        return properties.Items.TryGetValue(CleverAuthenticationDefaults.DistrictItem, out var district) && !string.IsNullOrEmpty(district)
            ? QueryHelpers.AddQueryString(url, "district_id", district)
            : url;
    }

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, self.Resolve(Options.TokenEndpoint));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Options.ClientId}:{Options.ClientSecret}")));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = context.Code,
            ["grant_type"] = "authorization_code",
            ["redirect_uri"] = context.RedirectUri,
        });
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        var body = await response.Content.ReadAsStringAsync(Context.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryReadError(body);
            Logger.LogWarning("Clever refused the code exchange: {Status} {Error}", (int)response.StatusCode, error);
            return OAuthTokenResponse.Failed(new CleverSignInException(error == "invalid_grant"
                ? CleverFailure.CodeExpired : CleverFailure.Unavailable, $"Clever answered {(int)response.StatusCode} {error}"));
        }
        return OAuthTokenResponse.Success(JsonDocument.Parse(body));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties,
        OAuthTokenResponse tokens)
    {
        var api = self.Resolve(Options.ApiBaseUrl);
        using var me = await GetAsync(api + CleverAuthenticationDefaults.MePath, tokens.AccessToken!);
        var data = me.RootElement.GetProperty("data");
        var userId = data.GetProperty("id").GetString() ?? throw new CleverSignInException(CleverFailure.Unavailable, "/me has no id");
        var district = data.TryGetProperty("district", out var d) ? d.GetString() : null;

        using var user = await GetAsync(api + CleverAuthenticationDefaults.UsersPath + Uri.EscapeDataString(userId), tokens.AccessToken!);
        var record = user.RootElement.GetProperty("data");

        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, userId, ClaimValueTypes.String, ClaimsIssuer));
        identity.AddClaim(new Claim(CleverClaims.UserId, userId, ClaimValueTypes.String, ClaimsIssuer));
        if (!string.IsNullOrEmpty(district))
            identity.AddClaim(new Claim(CleverClaims.District, district, ClaimValueTypes.String, ClaimsIssuer));
        if (record.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.Object)
        {
            if (name.TryGetProperty("first", out var first) && first.GetString() is { Length: > 0 } f)
                identity.AddClaim(new Claim(ClaimTypes.GivenName, f, ClaimValueTypes.String, ClaimsIssuer));
            if (name.TryGetProperty("last", out var last) && last.GetString() is { Length: > 0 } l)
                identity.AddClaim(new Claim(ClaimTypes.Surname, l, ClaimValueTypes.String, ClaimsIssuer));
        }
        if (record.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Object)
            // Each role is x-nullable in Clever's schema: a role given as null (or anything but an object) is not held, as the sync reads it.
            foreach (var role in roles.EnumerateObject().Where(r => r.Value.ValueKind == JsonValueKind.Object))
                identity.AddClaim(new Claim(CleverClaims.Role, role.Name, ClaimValueTypes.String, ClaimsIssuer));

        var principal = new ClaimsPrincipal(identity);
        var context = new OAuthCreatingTicketContext(principal, properties, Context, Scheme, Options, Backchannel, tokens, record);
        await Events.CreatingTicket(context);
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }

    private async Task<JsonDocument> GetAsync(string url, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await Backchannel.SendAsync(request, Context.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            Logger.LogWarning("Clever answered {Status} to {Path}", (int)response.StatusCode, new Uri(url).AbsolutePath);
            throw new CleverSignInException(CleverFailure.Unavailable, $"Clever answered {(int)response.StatusCode} to a user lookup");
        }
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Context.RequestAborted));
    }

    private static string TryReadError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var e) ? e.GetString() ?? "unknown" : "unknown";
        }
        catch (JsonException)
        {
            return "unreadable";
        }
    }
}

public enum CleverFailure
{
    CodeExpired,
    Unavailable,
}

/// <summary>A failed Clever sign-in step; its message never holds a code or token.</summary>
public sealed class CleverSignInException(CleverFailure failure, string message) : Exception(message)
{
    public CleverFailure Failure { get; } = failure;
}
