using System.Net;

namespace Twig.Web.Infrastructure;

/// <summary>Settings that must be refused before anything else starts.</summary>
public static class TwigSettings
{
    /// <summary>The environment the test host runs in.</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>
    /// Development and the test host: the only places the sandbox and demo data may run, and where plain HTTP is fine.
    /// An allow-list: Staging, Production and any other name are treated as real.
    /// </summary>
    public static bool IsDevelopmentOrTest(this IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment);

    public static void Check(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!environment.IsDevelopmentOrTest() && configuration.GetValue<bool>("Sandbox:Enabled"))
            throw new StartupConfigurationException($"Sandbox:Enabled is true in {environment.EnvironmentName}; the offline Clever and " +
                "Google stand-ins run only in Development and must never serve real districts.");
        if (!environment.IsDevelopmentOrTest() && configuration.GetValue<bool>("Demo:Enabled"))
            throw new StartupConfigurationException($"Demo:Enabled is true in {environment.EnvironmentName}; demo accounts have " +
                "published passwords and are created only in Development.");
        if (environment.IsDevelopmentOrTest()) return;
        // Staging and any other name hold real rosters as Production does: the same rules apply to them.
        var name = environment.EnvironmentName;
        if (string.IsNullOrWhiteSpace(configuration["DataProtection:CertificatePath"]))
            throw new StartupConfigurationException($"DataProtection:CertificatePath is not set; {name} must encrypt its Data " +
                "Protection keys (cookies, Clever tokens) with a certificate (.pfx with its private key).");
        if (configuration.GetValue("Notifications:EmailEnabled", true) && !configuration.GetValue("Smtp:UseTls", true)
            && !IsLoopback(configuration["Smtp:Host"]))
            throw new StartupConfigurationException($"Smtp:UseTls is false in {name} and Smtp:Host '{configuration["Smtp:Host"]}' is " +
                "not this machine; mail with reset links must travel encrypted.");
        if (!configuration.GetValue("Https:Required", true))
            throw new StartupConfigurationException($"Https:Required is false in {name}; sign-in cookies and passwords must not " +
                "travel in clear. Behind a proxy that ends TLS, name it in ForwardedHeaders:KnownProxies instead.");
        foreach (var key in EncryptedAddresses)
            if (configuration[key] is { Length: > 0 } address && !IsHttps(address))
                throw new StartupConfigurationException($"{key} is '{address}' in {name}; it must be an absolute https:// address " +
                    "(client secrets, tokens and student records travel over it).");
        // A SQLite file belongs to one machine: instances behind a load balancer would each claim and run the same syncs and
        // keep their own sign-in keys and sessions. Only a deployment that says it runs one instance may use it.
        if (!string.Equals(configuration["Database:Provider"], "SqlServer", StringComparison.OrdinalIgnoreCase)
            && !configuration.GetValue<bool>("Database:SingleInstance"))
            throw new StartupConfigurationException($"Database:Provider is '{configuration["Database:Provider"] ?? "Sqlite"}' in {name}; " +
                "a SQLite file serves one instance only. Use SqlServer, or set Database:SingleInstance to true where exactly one " +
                "instance runs.");
    }

    /// <summary>The addresses Twig sends secrets and student records to, or builds the links in e-mails from.</summary>
    private static readonly string[] EncryptedAddresses =
    [
        "Clever:OAuthBaseUrl", "Clever:ApiBaseUrl", "Google:AuthorizationEndpoint", "Google:TokenEndpoint",
        "Google:UserInformationEndpoint", "App:BaseUrl",
    ];

    private static bool IsHttps(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static bool IsLoopback(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
