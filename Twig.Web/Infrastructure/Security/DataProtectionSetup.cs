using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Twig.Web.Data;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// Data Protection keys (cookies, antiforgery, the encrypted Clever tokens) live in the database so every
/// instance shares them. With <c>DataProtection:CertificatePath</c> set, the keys themselves are encrypted
/// with that certificate, so a copy of the database alone does not reveal the district tokens.
/// </summary>
public static class DataProtectionSetup
{
    public static IServiceCollection AddTwigDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName("Twig").PersistKeysToDbContext<TwigDb>();
        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path)) return services;
        if (!File.Exists(path))
            throw new StartupConfigurationException($"DataProtection:CertificatePath names '{path}', which does not exist.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new StartupConfigurationException("DataProtection:CertificatePath could not be opened with " +
                "DataProtection:CertificatePassword.");
        }
        if (!certificate.HasPrivateKey)
            throw new StartupConfigurationException("DataProtection:CertificatePath must hold the private key (a .pfx), or Twig cannot " +
                "read its own keys.");
        builder.ProtectKeysWithCertificate(certificate);
        return services;
    }
}
