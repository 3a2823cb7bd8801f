using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Security;

/// <summary>Adds the owner's district, a display name and the account's pending steps (two-factor, password) to a local account's
/// principal.</summary>
public sealed class TwigUserClaimsFactory(UserManager<TwigUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<TwigUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(TwigUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(TwigClaims.SignInMethod, "local"));
        if (!string.IsNullOrEmpty(user.DisplayName)) identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        if (user.TwoFactorEnabled) identity.AddClaim(new Claim(TwigClaims.TwoFactor, "on"));
        if (user.MustChangePassword) identity.AddClaim(new Claim(TwigClaims.MustChangePassword, "yes"));
        if (user.DistrictId is { } districtId)
            identity.AddClaim(new Claim(TwigClaims.DistrictId, districtId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return identity;
    }
}
