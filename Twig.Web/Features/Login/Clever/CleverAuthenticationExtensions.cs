using Microsoft.AspNetCore.Authentication;

namespace Twig.Web.Features.Login.Clever;

public static class CleverAuthenticationExtensions
{
    public static AuthenticationBuilder AddClever(this AuthenticationBuilder builder, Action<CleverAuthenticationOptions> configure) =>
        builder.AddClever(CleverAuthenticationDefaults.AuthenticationScheme, CleverAuthenticationDefaults.DisplayName, configure);

    public static AuthenticationBuilder AddClever(this AuthenticationBuilder builder, string scheme, string displayName,
        Action<CleverAuthenticationOptions> configure)
    {
        builder.Services.AddSingleton<CleverCodeLedger>();
        return builder.AddOAuth<CleverAuthenticationOptions, CleverAuthenticationHandler>(scheme, displayName, configure);
    }
}
