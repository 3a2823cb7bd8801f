using System.Diagnostics;

namespace Twig.Web.Tests.Harness;

/// <summary>Runs the built Twig.Web.dll as an operator would, with settings passed as environment variables.</summary>
public static class TwigProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Outcome(process.ExitCode, await output, await error);
    }

    /// <summary>Settings for a fresh test database (see <see cref="TestDatabase"/>) that the process migrates on start.</summary>
    public static Dictionary<string, string> FreshDatabase(string path) => new()
    {
        ["ConnectionStrings__Twig"] = TestDatabase.ConnectionString(path),
        ["Database__Provider"] = TestDatabase.Provider.ToString(),
        ["Database__MigrateOnStart"] = "true",
    };

    /// <summary>
    /// Production with what it always requires besides the database: a Data Protection certificate (a throw-away
    /// self-signed one, written once per test run), and the single-instance declaration that lets it run on a SQLite file.
    /// Tests add the setting they exercise.
    /// </summary>
    public static Dictionary<string, string> Production() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["DataProtection__CertificatePath"] = KeyCertificate.Value,
        ["DataProtection__CertificatePassword"] = KeyCertificatePassword,
        ["Database__SingleInstance"] = "true",
    };

    private const string KeyCertificatePassword = "test-keys";

    private static readonly Lazy<string> KeyCertificate = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"twig-keys-{Guid.NewGuid():N}.pfx");
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Twig test keys", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, KeyCertificatePassword));
        return path;
    });

    public static string TempDatabasePath() => Path.Combine(Path.GetTempPath(), $"twig-cli-{Guid.NewGuid():N}.db");

    /// <summary>One number read straight from the database a process wrote, bypassing Twig entirely.</summary>
    public static Task<long> ScalarAsync(string databasePath, string sql) => TestDatabase.ScalarAsync(databasePath, sql);

    /// <summary>Removes a test's database (a SQLite file with its WAL companions, or a SQL Server database).</summary>
    public static void DeleteDatabase(string databasePath) => TestDatabase.Delete(databasePath);
}
