using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;

namespace Twig.Web.Tests.SqlServer;

[CollectionDefinition(nameof(SqlServerDryRun))]
public sealed class SqlServerDryRunCollection : ICollectionFixture<SqlServerDryRun>;

/// <summary>
/// The real app configured as production runs it on SQL Server (<c>Database:Provider=SqlServer</c>, so the real
/// <see cref="SqlServerTwigDb"/> with <c>EnableRetryOnFailure</c>), whose connection is a <see cref="RecordingConnection"/>:
/// every write path can be driven through the app's own services and the SQL it would send is checked without an engine.
/// Only the connection and the bulk-load call (<see cref="IBulkCopy"/>) are stood in for.
/// </summary>
public sealed class SqlServerDryRun : WebApplicationFactory<Program>
{
    public DryRunServer Database { get; } = new();
    public DryRunBulkCopy BulkCopy => (DryRunBulkCopy)Services.GetRequiredService<IBulkCopy>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Twig"] = "Server=dry-run;Database=Twig;Encrypt=True;TrustServerCertificate=True",
            ["Database:MigrateOnStart"] = "false",
            ["Sandbox:Enabled"] = "false",
            ["Demo:Enabled"] = "false",
            ["Scheduler:Enabled"] = "false",
            ["Sync:WorkerEnabled"] = "false",
            ["Notifications:DispatcherEnabled"] = "false",
        };
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            // The production registration (UseSqlServer with EnableRetryOnFailure) stays; only the connection is replaced.
            services.ConfigureDbContext<SqlServerTwigDb>(o => o.UseSqlServer(new RecordingConnection(Database)));
            services.RemoveAll<IBulkCopy>();
            services.AddSingleton<IBulkCopy>(sp =>
            {
                using var scope = sp.CreateScope();
                return new DryRunBulkCopy(Database, scope.ServiceProvider.GetRequiredService<SqlServerTwigDb>().Model);
            });
        });
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Starts a test on a fresh recording: no commands, no scripted answers, nothing bulk-loaded.</summary>
    public DryRunServer Reset()
    {
        StartServer();
        Database.Commands.Clear();
        Database.Violations.Clear();
        Database.Loaded.Clear();
        Database.ClearAnswers();
        Database.Failures.Clear();
        if (Services.GetRequiredService<IBulkCopy>() is DryRunBulkCopy copy) copy.Requests.Clear();
        return Database;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    /// <summary>Every statement parsed as T-SQL, stayed under 2,100 parameters and sent no DateTime as legacy datetime.</summary>
    public void AssertClean()
    {
        Assert.NotEmpty(Database.Commands);
        Assert.True(Database.Violations.Count == 0, string.Join("\n", Database.Violations));
    }
}
