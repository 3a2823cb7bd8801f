using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Twig.Web.Infrastructure;

namespace Twig.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public static class DatabaseSetup
{
    public const string ConnectionStringName = "Twig";

    public static IServiceCollection AddTwigDatabase(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var provider = ReadProvider(configuration);
        var connectionString = ReadConnectionString(configuration, environment, provider);

        if (provider == DatabaseProvider.SqlServer)
        {
            services.AddDbContext<SqlServerTwigDb>(o => o.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()));
            services.AddScoped<TwigDb>(sp => sp.GetRequiredService<SqlServerTwigDb>());
        }
        else
        {
            // Behaves like production's SQL Server where it can: retrying (so a transaction begun outside the strategy
            // fails here too) and refusing strings longer than their column. Interceptors registered as services
            // (the tests' fault injection, singletons) are added last. Contexts are pooled (options built once, a context's
            // internal services reused): a sign-in uses about ten contexts, and building each afresh was a visible share of
            // its CPU and allocations. A returned context is reset by EF (change tracker, connection, transaction).
            services.AddDbContextPool<SqliteTwigDb>((sp, o) => o
                .UseSqlite(connectionString, sqlite => sqlite.ExecutionStrategy(d => new SqliteRetryingExecutionStrategy(d)))
                .AddInterceptors(SqlitePragmas.Instance, ColumnLengthGuard.Instance)
                .AddInterceptors(sp.GetServices<IInterceptor>()));
            services.AddScoped<TwigDb>(sp => sp.GetRequiredService<SqliteTwigDb>());
            services.AddSingleton<SqliteCheckpointer>();
            services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
        }
        services.AddSingleton(new DatabaseInfo(provider, connectionString));
        services.AddScoped<DatabaseMigrator>();
        services.AddSingleton<Bulk.BulkWriter>();
        services.AddSingleton<Bulk.IBulkCopy, Bulk.SqlServerBulkCopy>();
        // Registered before every other hosted service (Data Protection reads its keys from the database at start).
        services.AddSingleton<StartupTasks>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupTasks>());
        return services;
    }

    private static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new StartupConfigurationException($"Database:Provider is '{value}'; it must be 'Sqlite' or 'SqlServer'.");
    }

    private static string ReadConnectionString(IConfiguration configuration, IHostEnvironment environment, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return ResolveSqliteFolder(configured, environment, provider);
        if (!environment.IsDevelopmentOrTest())
            throw new StartupConfigurationException($"ConnectionStrings:Twig is not set; {environment.EnvironmentName} needs an " +
                "explicit database connection string.");
        if (provider == DatabaseProvider.SqlServer)
            throw new StartupConfigurationException("ConnectionStrings:Twig is not set; Database:Provider 'SqlServer' needs a server to " +
                "connect to.");
        return ResolveSqliteFolder("Data Source=App_Data/twig.db", environment, provider);
    }

    /// <summary>A relative SQLite file lives under the content root, and its folder is created on first use.</summary>
    private static string ResolveSqliteFolder(string connectionString, IHostEnvironment environment, DatabaseProvider provider)
    {
        if (provider != DatabaseProvider.Sqlite) return connectionString;
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory) return connectionString;
        var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource
            : Path.Combine(environment.ContentRootPath, builder.DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        builder.DataSource = path;
        return builder.ToString();
    }
}

public sealed record DatabaseInfo(DatabaseProvider Provider, string ConnectionString);
