using System.Net;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Twig.Sandbox;
using Twig.Web.Data;

namespace Twig.Bench;

/// <summary>
/// The real Twig app (with its Clever sandbox) on a loopback Kestrel socket over a SQLite file, configured
/// like the test harness but with district-sized pages. The sandbox lives in this process unless another serves it.
/// </summary>
/// <param name="clever">A sandbox served by another process (<see cref="SandboxProcess"/>): Twig calls it instead of its own.</param>
internal sealed class TwigHost(string databasePath, Uri? clever) : WebApplicationFactory<Program>
{
    public static async Task<TwigHost> StartAsync(string directory, Uri? clever = null)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"twig-bench-{Guid.NewGuid():N}.db");
        var host = new TwigHost(path, clever);
        host.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        await Task.CompletedTask;
        return host;
    }

    public string DatabasePath => databasePath;

    /// <summary>
    /// Waits, untimed by the scenario, until Twig's background checkpointer has copied every page of SQLite's write-ahead log
    /// into the database file, and says how long its copying took: work the scenario left behind, reported beside it, and
    /// not left to slow the next measurement.
    /// </summary>
    public async Task<double> FoldLogAsync()
    {
        var checkpointer = Services.GetRequiredService<SqliteCheckpointer>();
        var (ticks, copying) = (checkpointer.Ticks, checkpointer.CopyingTime);
        // A tick that began before the scenario ended may not have seen all of it: the one after it has.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (checkpointer.Ticks < ticks + 2 || !checkpointer.Latest.Folded)
        {
            // Said rather than waited on silently: a checkpoint that never folds means a reader holds an old snapshot.
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException($"The write-ahead log is not folded after 60 s: {checkpointer.Ticks - ticks} ticks, " +
                    $"latest {checkpointer.Latest}.");
            await Task.Delay(20);
        }
        return (checkpointer.CopyingTime - copying).TotalSeconds;
    }

    public CleverSandbox Sandbox => Services.GetRequiredService<CleverSandbox>();

    public Uri Address => ClientOptions.BaseAddress;

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
            ["Sync:WorkerEnabled"] = "false",
            ["Clever:OAuthBaseUrl"] = "/sandbox/clever",
            ["Clever:ApiBaseUrl"] = "/sandbox/clever-api",
            ["Clever:ClientId"] = "sandbox-clever-client",
            ["Clever:ClientSecret"] = "sandbox-clever-secret",
            ["Clever:PageSize"] = "10000",
            ["Clever:RequestsPerMinute"] = "1000000",
            ["Sandbox:Clever:ClientId"] = "sandbox-clever-client",
            ["Sandbox:Clever:ClientSecret"] = "sandbox-clever-secret",
            ["Sandbox:Clever:RateLimitPerMinute"] = "1000000",
            ["Sandbox:Clever:RedirectUris:0"] = "/signin-clever",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            // The events run's own timing lines (where its reading phase went), printed beside the bench's tables.
            ["Logging:LogLevel:Twig.Web.Features.CleverSync.Runs"] = "Information",
            // users.csv's per-step timing lines (upload, preview, confirmation).
            ["Logging:LogLevel:Twig.Web.Features.UsersCsvImport"] = "Information",
            ["Logging:LogLevel:Twig.Web.Features.CleverSync.Sync.RosterWriter"] = "Information",
            ["Logging:LogLevel:Twig.Web.Features.CleverSync.Sync.RosterFetcher"] = "Information",
            ["Logging:LogLevel:Twig.Web.Data.SqliteCheckpointer"] = "Information",
        };
        if (clever is not null)
        {
            settings["Sandbox:Enabled"] = "false";
            settings["Clever:OAuthBaseUrl"] = new Uri(clever, "sandbox/clever").ToString();
            settings["Clever:ApiBaseUrl"] = new Uri(clever, "sandbox/clever-api").ToString();
        }
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    public async Task<T> SendAsync<T>(ICommand<T> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    public async Task<T> SendAsync<T>(IQuery<T> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    public async Task<T> ScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(databasePath + suffix); } catch (IOException) { }
    }
}
