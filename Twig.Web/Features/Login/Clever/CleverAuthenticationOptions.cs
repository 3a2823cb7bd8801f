using Microsoft.AspNetCore.Authentication.OAuth;

namespace Twig.Web.Features.Login.Clever;

/// <summary>
/// Clever's endpoints come from <c>Clever:OAuthBaseUrl</c> and <c>Clever:ApiBaseUrl</c>. Either may be a path
/// (the sandbox, <c>/sandbox/clever</c>): the browser is sent there as is, and server-to-server calls resolve it
/// against Twig's own address when they are made.
/// </summary>
public sealed class CleverAuthenticationOptions : OAuthOptions
{
    public CleverAuthenticationOptions()
    {
        CallbackPath = CleverAuthenticationDefaults.CallbackPath;
        OAuthBaseUrl = "https://clever.com";
        ApiBaseUrl = "https://api.clever.com";
        // Clever manages scopes in the application's dashboard; none are sent.
        Scope.Clear();
    }

    private string _oauthBaseUrl = "";
    private string _apiBaseUrl = "";

    public string OAuthBaseUrl
    {
        get => _oauthBaseUrl;
        set
        {
            _oauthBaseUrl = value.TrimEnd('/');
            AuthorizationEndpoint = _oauthBaseUrl + CleverAuthenticationDefaults.AuthorizationPath;
            TokenEndpoint = _oauthBaseUrl + CleverAuthenticationDefaults.TokenPath;
        }
    }

    public string ApiBaseUrl
    {
        get => _apiBaseUrl;
        set
        {
            _apiBaseUrl = value.TrimEnd('/');
            UserInformationEndpoint = _apiBaseUrl + CleverAuthenticationDefaults.MePath;
        }
    }

    /// <summary>Where a Clever-started login (portal, Instant Login) goes after sign-in.</summary>
    public string PortalReturnPath { get; set; } = "/";
}
