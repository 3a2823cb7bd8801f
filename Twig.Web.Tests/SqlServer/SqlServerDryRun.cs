using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Infrastructure.CommandLine;

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
        if (Database.Collations is null)
        {
            using var scope = Services.CreateScope();
            Database.Collations = new CollationCheck(scope.ServiceProvider.GetRequiredService<SqlServerTwigDb>().GetService<IDesignTimeModel>().Model);
        }
        Database.Commands.Clear();
        Database.Violations.Clear();
        Database.Loaded.Clear();
        Database.ClearAnswers();
        Database.Failures.Clear();
        if (Services.GetRequiredService<IBulkCopy>() is DryRunBulkCopy copy) copy.Requests.Clear();
        return Database;
    }

    /// <summary>
    /// Runs an import verb in this process on <paramref name="file"/> (written to a temporary file for the run) for the
    /// district <paramref name="slug"/>; returns its exit code and what it wrote to standard error.
    /// </summary>
    public async Task<(int Code, string Error)> ImportVerbAsync(string verb, string slug, byte[] file, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"twig-dry-run-{Guid.NewGuid():N}{extension}");
        await File.WriteAllBytesAsync(path, file);
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await CommandLineRunner.RunAsync(Services, [verb, slug, path], output, error, CancellationToken.None);
            return (code, error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
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

    /// <summary>
    /// Every statement parsed as T-SQL, stayed under 2,100 parameters, sent no DateTime as legacy datetime and compared no
    /// two columns of different collations.
    /// </summary>
    public void AssertClean()
    {
        Assert.NotEmpty(Database.Commands);
        Assert.True(Database.Violations.Count == 0, string.Join("\n", Database.Violations));
    }
}
