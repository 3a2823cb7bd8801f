using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

/// <summary>With a certificate configured, the keys stored in the database are encrypted; without the certificate they are useless.</summary>
public sealed class DataProtectionTests : IDisposable
{
    private readonly string _database = TwigProcess.TempDatabasePath();
    private readonly string _certificate = Path.Combine(Path.GetTempPath(), $"twig-dp-{Guid.NewGuid():N}.pfx");

    [Fact]
    public async Task Keys_are_stored_encrypted_with_the_configured_certificate()
    {
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Twig Data Protection Test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllBytesAsync(_certificate, cert.Export(X509ContentType.Pfx, "pfx-password"));
        }
        await using var factory = new TwigFactory(_database, new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = _certificate,
            ["DataProtection:CertificatePassword"] = "pfx-password",
        });
        factory.StartServer();

        var protector = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var secret = protector.Protect("district token");

        Assert.Equal("district token", protector.Unprotect(secret));
        await using var scope = factory.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<TwigDb>().DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
    }

    [Fact]
    public async Task A_missing_certificate_refuses_to_start_naming_the_setting()
    {
        var outcome = await TwigProcess.RunAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Twig"] = $"Data Source={_database}",
            ["DataProtection__CertificatePath"] = "/nowhere/keys.pfx",
        }, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Twig cannot start: DataProtection:CertificatePath names '/nowhere/keys.pfx'", outcome.Error);
    }

    public void Dispose()
    {
        TestDatabase.Delete(_database);
        File.Delete(_certificate);
    }
}
