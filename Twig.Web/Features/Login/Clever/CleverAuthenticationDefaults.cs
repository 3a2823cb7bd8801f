namespace Twig.Web.Features.Login.Clever;

/// <summary>Names and paths of Twig's own Clever OAuth handler (no Clever package exists in our feed).</summary>
public static class CleverAuthenticationDefaults
{
    public const string AuthenticationScheme = "Clever";
    public const string DisplayName = "Clever";
    /// <summary>The primary redirect URI registered with Clever: portal and Instant Login launches arrive here too.</summary>
    public const string CallbackPath = "/signin-clever";
    public const string AuthorizationPath = "/oauth/authorize";
    public const string TokenPath = "/oauth/tokens";
    public const string MePath = "/v3.0/me";
    public const string UsersPath = "/v3.0/users/";

    /// <summary>Item of <c>AuthenticationProperties</c> holding the Clever district id to send as <c>district_id</c>.</summary>
    public const string DistrictItem = "district_id";
}

/// <summary>Claim types the handler puts on the Clever identity (before Twig decides who may come in).</summary>
public static class CleverClaims
{
    public const string UserId = "clever:user";
    public const string District = "clever:district";
    /// <summary>One per Clever role: student, teacher, staff, district_admin, contact.</summary>
    public const string Role = "clever:role";
}
