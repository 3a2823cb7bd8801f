using Microsoft.AspNetCore.Authorization;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// Who may do what. District policies are resource-based: pass the district id, or put it in the route
/// as <c>{districtId}</c>, and the handler decides for that one district.
/// </summary>
public static class TwigPolicies
{
    public const string IsStaff = nameof(IsStaff);
    public const string IsSupportAdmin = nameof(IsSupportAdmin);
    public const string IsDistrictOwner = nameof(IsDistrictOwner);
    public const string IsRosteredPerson = nameof(IsRosteredPerson);
    public const string CanViewDistrict = nameof(CanViewDistrict);
    public const string CanManageDistrict = nameof(CanManageDistrict);

    public static IServiceCollection AddTwigAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, DistrictAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(IsStaff, p => p.RequireRole(TwigRoles.Staff))
            .AddPolicy(IsSupportAdmin, p => p.RequireRole(TwigRoles.SupportAdmin))
            .AddPolicy(IsDistrictOwner, p => p.RequireRole(TwigRoles.DistrictOwner).RequireClaim(TwigClaims.DistrictId))
            .AddPolicy(IsRosteredPerson, p => p.RequireClaim(TwigClaims.PersonId))
            .AddPolicy(CanViewDistrict, p => p.AddRequirements(new DistrictAccessRequirement(manage: false)))
            .AddPolicy(CanManageDistrict, p => p.AddRequirements(new DistrictAccessRequirement(manage: true)));
        return services;
    }
}
