using Microsoft.AspNetCore.DataProtection;

namespace Twig.Web.Features.CleverSync.Connections;

/// <summary>District tokens are stored encrypted with Data Protection (keys shared through the database) and never shown or
/// logged.</summary>
public sealed class CleverTokenProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Twig.CleverSync.DistrictToken.v1");

    public string Protect(string token) => _protector.Protect(token);

    public string Unprotect(string protectedToken) => _protector.Unprotect(protectedToken);
}
