using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Twig.Web.Tests.Data;

/// <summary>
/// What production runs (README: the idempotent script through <c>sqlcmd -I -b</c>, or <c>migrate</c>) must be
/// valid T-SQL, including every dynamic statement EF hides inside <c>EXEC(N'…')</c>, which no parser sees until
/// a server runs it.
/// </summary>
public sealed class SqlServerMigrationScriptTests
{
    private static string IdempotentScript()
    {
        using var db = SqlServerModel.Create();
        return db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
    }

    [Fact]
    public void The_idempotent_script_and_every_dynamic_statement_in_it_parse_as_TSql()
    {
        var script = IdempotentScript();

        var (fragment, errors) = TSql.Parse(script);
        Assert.True(errors.Count == 0, TSql.Describe(errors, "idempotent script"));

        var bodies = TSql.DynamicBodies(fragment);
        // EF wraps filtered indexes and default-constraint drops in EXEC(N'…'); there must be some to check.
        Assert.Contains(bodies, b => b.Contains("CREATE UNIQUE INDEX [IX_People_DistrictId_NormalizedUsername]", StringComparison.Ordinal));
        var bodyErrors = bodies.SelectMany((body, i) => TSql.Describe(TSql.Parse(body).Errors, $"EXEC body {i + 1} ({body[..Math.Min(80, body.Length)]})") is { Length: > 0 } d ? [d] : Array.Empty<string>()).ToList();
        Assert.True(bodyErrors.Count == 0, string.Join("\n", bodyErrors));
    }

    [Fact]
    public void The_script_gives_the_ordinal_keys_their_binary_collation_and_rebuilds_their_indexes()
    {
        var script = IdempotentScript();

        Assert.Contains("ALTER TABLE [People] ALTER COLUMN [ExternalId] nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL;", script);
        Assert.Contains("ALTER TABLE [Districts] ALTER COLUMN [Slug] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL;", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_People_DistrictId_Source_ExternalId] ON [People] ([DistrictId], [Source], [ExternalId]);", script);
    }

    [Fact]
    public void The_migration_turns_read_committed_snapshot_on_outside_a_transaction()
    {
        using var db = SqlServerModel.Create();
        var assembly = db.GetService<IMigrationsAssembly>();
        var (id, type) = Assert.Single(assembly.Migrations, m => m.Key.EndsWith("_SqlServerCollationsAndSnapshot", StringComparison.Ordinal));
        var migration = assembly.CreateMigration(type, db.Database.ProviderName!);

        var snapshot = Assert.Single(migration.UpOperations.OfType<SqlOperation>(), o => o.Sql.Contains("READ_COMMITTED_SNAPSHOT", StringComparison.Ordinal));
        Assert.True(snapshot.SuppressTransaction, "ALTER DATABASE cannot run inside a transaction");

        var (fragment, errors) = TSql.Parse(snapshot.Sql);
        Assert.True(errors.Count == 0, TSql.Describe(errors, id));
        var visitor = new AlterDatabaseVisitor();
        fragment.Accept(visitor);
        var alter = Assert.Single(visitor.Statements);
        Assert.True(alter.UseCurrent, "ALTER DATABASE CURRENT: the database name differs per deployment");
        var option = Assert.IsType<OnOffDatabaseOption>(Assert.Single(alter.Options));
        Assert.Equal((DatabaseOptionKind.ReadCommittedSnapshot, OptionState.On), (option.OptionKind, option.OptionState));

        // In the script, the statement sits in a batch of its own, after the collation changes are committed.
        var script = IdempotentScript();
        var batches = script.Split("\nGO", StringSplitOptions.TrimEntries);
        var batch = Assert.Single(batches, b => b.Contains("READ_COMMITTED_SNAPSHOT", StringComparison.Ordinal));
        Assert.DoesNotContain("BEGIN TRANSACTION", batch);
    }

    private sealed class AlterDatabaseVisitor : TSqlFragmentVisitor
    {
        public List<AlterDatabaseSetStatement> Statements { get; } = [];

        public override void Visit(AlterDatabaseSetStatement node) => Statements.Add(node);
    }
}
