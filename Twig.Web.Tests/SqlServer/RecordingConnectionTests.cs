using System.Data;
using Microsoft.Data.SqlClient;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Domain;

namespace Twig.Web.Tests.SqlServer;

/// <summary>The dry-run guard itself: each rule SqlClient or SQL Server would enforce is caught without a server.</summary>
public sealed class RecordingConnectionTests
{
    private readonly DryRunServer _server = new();

    private RecordingConnection Open()
    {
        var connection = new RecordingConnection(_server);
        connection.Open();
        return connection;
    }

    [Fact]
    public void Preparing_an_untyped_parameter_fails_as_SqlClient_does()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE [People] SET [FirstName] = @p0 WHERE [Id] = 1;";
        command.Parameters.Add(new SqlParameter("@p0", "Ada"));

        var refused = Assert.Throws<InvalidOperationException>(command.Prepare);
        Assert.Contains("explicitly set type", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preparing_an_unsized_string_parameter_fails_as_SqlClient_does()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE [People] SET [FirstName] = @p0 WHERE [Id] = 1;";
        command.Parameters.Add(new SqlParameter("@p0", SqlDbType.NVarChar) { Value = "Ada" });

        var refused = Assert.Throws<InvalidOperationException>(command.Prepare);
        Assert.Contains("Size", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_and_sized_parameter_prepares()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE [People] SET [FirstName] = @p0 WHERE [Id] = 1;";
        command.Parameters.Add(new SqlParameter("@p0", SqlDbType.NVarChar, 200) { Value = "Ada" });

        command.Prepare();
        command.ExecuteNonQuery();
        Assert.Empty(_server.Violations);
    }

    [Fact]
    public void A_command_without_the_pending_transaction_is_refused()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM [PersonSchools] WHERE [PersonId] = 1;";

        var refused = Assert.Throws<InvalidOperationException>(() => command.ExecuteNonQuery());
        Assert.Contains("pending local transaction", refused.Message, StringComparison.Ordinal);
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Legacy_datetime_too_many_parameters_and_bad_syntax_are_recorded()
    {
        using var connection = Open();
        using (var untyped = connection.CreateCommand())
        {
            untyped.CommandText = "UPDATE [People] SET [UpdatedAt] = @p0 WHERE [Id] = 1;";
            untyped.Parameters.Add(new SqlParameter("@p0", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
            untyped.ExecuteNonQuery();
        }
        using (var wide = connection.CreateCommand())
        {
            wide.CommandText = "DELETE FROM [People] WHERE [Id] IN (" + string.Join(", ", Enumerable.Range(0, 2101).Select(i => $"@i{i}")) + ");";
            for (var i = 0; i < 2101; i++) wide.Parameters.Add(new SqlParameter($"@i{i}", SqlDbType.Int) { Value = i });
            wide.ExecuteNonQuery();
        }
        using (var sqlite = connection.CreateCommand())
        {
            sqlite.CommandText = "INSERT INTO \"People\" (\"Id\") VALUES (1) RETURNING \"Id\";";
            sqlite.ExecuteNonQuery();
        }

        Assert.Equal(3, _server.Violations.Count);
        Assert.Contains(_server.Violations, v => v.Contains("legacy DateTime", StringComparison.Ordinal));
        Assert.Contains(_server.Violations, v => v.Contains("2101 parameters", StringComparison.Ordinal));
        Assert.Contains(_server.Violations, v => v.Contains("parse error", StringComparison.Ordinal));
    }

    [Fact]
    public void Inserts_with_output_are_answered_with_new_ids_and_their_keys()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO [Schools] ([ExternalId], [Name]) OUTPUT INSERTED.[Id], INSERTED.[ExternalId] VALUES (@a, @b), (@c, @d);";
        command.Parameters.Add(new SqlParameter("@a", SqlDbType.NVarChar, 100) { Value = "s1" });
        command.Parameters.Add(new SqlParameter("@b", SqlDbType.NVarChar, 300) { Value = "One" });
        command.Parameters.Add(new SqlParameter("@c", SqlDbType.NVarChar, 100) { Value = "s2" });
        command.Parameters.Add(new SqlParameter("@d", SqlDbType.NVarChar, 300) { Value = "Two" });

        using var reader = command.ExecuteReader();
        var rows = new List<(int, string)>();
        while (reader.Read()) rows.Add((reader.GetInt32(0), reader.GetString(1)));
        Assert.Equal(["s1", "s2"], rows.Select(r => r.Item2));
        Assert.Equal(2, rows.Select(r => r.Item1).Distinct().Count());
    }

    [Fact]
    public async Task A_bulk_load_that_does_not_fit_the_destination_table_is_recorded()
    {
        using var db = new SqlServerTwigDbDesignFactory().CreateDbContext([]);
        var table = BulkTable.For<Person>(db);
        var firstName = table[nameof(Person.FirstName)] with { ProviderType = typeof(int) };
        using var rows = new DataTable();
        rows.Columns.Add(firstName.Name, typeof(int));
        rows.Rows.Add(7);
        var copy = new DryRunBulkCopy(_server, db.Model);
        await using var connection = Open();
        await using var transaction = await connection.BeginTransactionAsync();

        await copy.WriteAsync(new BulkCopyRequest(connection, transaction, table, [firstName], rows, 5000), CancellationToken.None);

        Assert.Contains(_server.Violations, v => v.Contains("batches of 5000", StringComparison.Ordinal));
        Assert.Contains(_server.Violations, v => v.Contains("FirstName (nvarchar(200)) sends Int32", StringComparison.Ordinal));
        Assert.Contains(_server.Violations, v => v.Contains("leaves out required column LastName", StringComparison.Ordinal));
    }
}
