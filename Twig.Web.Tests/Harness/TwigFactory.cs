using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Twig.Web.Tests.Harness;

/// <summary>
/// The real app on a real loopback socket, configured in memory: the test database (a SQLite temp file, or
/// SQL Server: see <see cref="TestDatabase"/>), the sandbox on, the scheduler and demo data off. The app's own DI graph is used unchanged.
/// </summary>
public sealed class TwigFactory(string databasePath, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Receives every log line as well, when set before the server starts.</summary>
    public LogCapture? Logs { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the build's static web assets (fingerprinted, compressed) must be asked for explicitly.
        builder.UseStaticWebAssets();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Twig"] = TestDatabase.ConnectionString(databasePath),
            ["Database:Provider"] = TestDatabase.Provider.ToString(),
            ["Database:MigrateOnStart"] = "true",
            ["Sandbox:Enabled"] = "true",
            ["Demo:Enabled"] = "false",
            ["App:SupportEmail"] = "help@twig.test",
            ["Scheduler:Enabled"] = "false",
            ["Sync:WorkerEnabled"] = "false",
            ["Notifications:DispatcherEnabled"] = "false",
            ["Clever:OAuthBaseUrl"] = "/sandbox/clever",
            ["Clever:ApiBaseUrl"] = "/sandbox/clever-api",
            ["Clever:ClientId"] = "sandbox-clever-client",
            ["Clever:ClientSecret"] = "sandbox-clever-secret",
            ["Clever:RetryBaseDelay"] = "00:00:00.010",
            ["Clever:MaxRetryDelay"] = "00:00:00.100",
            ["Clever:PageSize"] = "25",
            ["Clever:MaxRetries"] = "4",
            ["Clever:RequestsPerMinute"] = "100000",
            ["Sandbox:Clever:ClientId"] = "sandbox-clever-client",
            ["Sandbox:Clever:ClientSecret"] = "sandbox-clever-secret",
            ["Sandbox:Clever:RedirectUris:0"] = "/signin-clever",
            ["Sandbox:Google:RedirectUris:0"] = "/signin-google",
            ["Sandbox:Google:UnapprovedDomains:0"] = "locked-down.example.org",
            ["Google:ClientId"] = "sandbox-google-client",
            ["Google:ClientSecret"] = "sandbox-google-secret",
            ["Google:AuthorizationEndpoint"] = "/sandbox/google/o/oauth2/v2/auth",
            ["Google:TokenEndpoint"] = "/sandbox/google/token",
            ["Google:UserInformationEndpoint"] = "/sandbox/google/oauth2/v3/userinfo",
            // Every test signs in through /login from one address: the per-minute limit is tested with its own factory.
            ["Login:AttemptsPerMinute"] = "100000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (Logs is not null) builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Information));
        builder.ConfigureServices(LostCommitAcknowledgement.Register);
        builder.ConfigureServices(CommandInterleave.Register);
        if (services is not null) builder.ConfigureTestServices(services);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }
}
