using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Respawn;
using Twig.Web.Data;

namespace Twig.Web.Tests.Harness;

/// <summary>
/// The engine the tests run on. By default a SQLite temp file per database; with
/// <c>TWIG_TEST_PROVIDER=SqlServer</c> and <c>TWIG_TEST_SQLSERVER=&lt;connection string to a server&gt;</c> every
/// test database is a fresh database on that server instead (created here, migrated by Twig itself as it starts,
/// dropped at the end), so the whole suite runs against a real SQL Server when one exists.
/// A test names its database by a temp-file path; on SQL Server the file name is the database name.
/// </summary>
public static class TestDatabase
{
    public const string ProviderVariable = "TWIG_TEST_PROVIDER";
    public const string SqlServerVariable = "TWIG_TEST_SQLSERVER";

    public static DatabaseProvider Provider { get; } = ReadProvider();

    private static readonly ConcurrentDictionary<string, string> Created = new(StringComparer.Ordinal);

    /// <summary>The connection string for the database <paramref name="path"/> names; on SQL Server it is created on first use.</summary>
    public static string ConnectionString(string path)
    {
        if (Provider == DatabaseProvider.Sqlite) return $"Data Source={path}";
        return Created.GetOrAdd(DatabaseName(path), name =>
        {
            Execute(CreateSql(name));
            return new SqlConnectionStringBuilder(ServerConnectionString()) { InitialCatalog = name }.ConnectionString;
        });
    }

    public static async Task<DbConnection> OpenAsync(string path)
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(ConnectionString(path))
            : new SqlConnection(ConnectionString(path));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>One number read straight from the database, bypassing Twig entirely (plain SQL both engines speak).</summary>
    public static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static IDbAdapter RespawnAdapter => Provider == DatabaseProvider.Sqlite ? DbAdapter.Sqlite : DbAdapter.SqlServer;

    /// <summary>Removes the database (pooled connections would keep it open): the SQLite file with its WAL companions, or the SQL Server database.</summary>
    public static void Delete(string path)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
            return;
        }
        var name = DatabaseName(path);
        SqlConnection.ClearAllPools();
        Execute(DropSql(name));
        Created.TryRemove(name, out _);
    }

    internal static string CreateSql(string name) => $"IF DB_ID(N'{name}') IS NULL CREATE DATABASE {Quote(name)};";

    /// <summary>Azure SQL Database (engine edition 5) has no SINGLE_USER; elsewhere open sessions are closed first.</summary>
    internal static string DropSql(string name) => $"""
        IF DB_ID(N'{name}') IS NOT NULL
        BEGIN
            IF CONVERT(int, SERVERPROPERTY('EngineEdition')) <> 5 ALTER DATABASE {Quote(name)} SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
            DROP DATABASE {Quote(name)};
        END;
        """;

    private static DatabaseProvider ReadProvider()
    {
        var value = Environment.GetEnvironmentVariable(ProviderVariable);
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        if (!Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
            throw new InvalidOperationException($"{ProviderVariable} is '{value}'; it must be 'Sqlite' or 'SqlServer'.");
        if (provider == DatabaseProvider.SqlServer && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SqlServerVariable)))
            throw new InvalidOperationException($"{ProviderVariable}=SqlServer needs {SqlServerVariable}, a connection string to the server.");
        return provider;
    }

    private static string ServerConnectionString() => Environment.GetEnvironmentVariable(SqlServerVariable)!;

    /// <summary>Guid-named test databases: letters, digits and hyphens only, so bracket-quoting them is enough.</summary>
    private static string DatabaseName(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            ? name
            : throw new ArgumentException($"'{name}' is not a test database name (letters, digits and hyphens).", nameof(path));
    }

    private static string Quote(string name) => $"[{name}]";

    private static void Execute(string sql)
    {
        var master = new SqlConnectionStringBuilder(ServerConnectionString()) { InitialCatalog = "master", Pooling = false };
        using var connection = new SqlConnection(master.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 120;
        command.ExecuteNonQuery();
    }
}
