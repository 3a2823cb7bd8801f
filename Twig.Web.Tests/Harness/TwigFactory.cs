using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Twig.Web.Tests.Harness;

/// <summary>
/// The real app on a real loopback socket, configured in memory: a SQLite temp file, the sandbox on,
/// the scheduler and demo data off. The app's own DI graph is used unchanged.
/// </summary>
public sealed class TwigFactory(string databasePath, IReadOnlyDictionary<string, string?>? overrides = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Twig"] = $"Data Source={databasePath}",
            ["Database:Provider"] = "Sqlite",
            ["Database:MigrateOnStart"] = "true",
            ["Sandbox:Enabled"] = "true",
            ["Demo:Enabled"] = "false",
            ["Scheduler:Enabled"] = "false",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }
}
