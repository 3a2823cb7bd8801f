using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

/// <summary>
/// SQLite is made to fail where production's SQL Server would: a transaction begun outside the execution strategy,
/// and a string longer than its column. Each test is the bug class the guard exists to catch.
/// </summary>
public sealed class ProductionLikeSqliteTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task A_transaction_begun_outside_the_execution_strategy_is_refused_as_on_SQL_Server()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Fixture.ExecuteDbContextAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            return await db.Districts.CountAsync();
        }));

        Assert.Contains("does not support user-initiated transactions", error.Message);
    }

    [Fact]
    public async Task The_idiom_runs_inside_the_strategy_and_commits()
    {
        var count = await Fixture.ExecuteDbContextAsync(db => db.InTransactionAsync(async ct =>
        {
            db.AuditEvents.Add(new AuditEvent { At = DateTime.UtcNow, Actor = "test", Action = "test.committed" });
            return await db.Districts.CountAsync(ct);
        }, verifySucceeded: null, CancellationToken.None));

        Assert.Equal(0, count);
        Assert.Equal(1, await Fixture.CountAsync<AuditEvent>());
    }

    [Fact]
    public async Task A_busy_database_retries_the_whole_attempt_on_a_clean_change_tracker()
    {
        var attempts = 0;
        await Fixture.ExecuteDbContextAsync(db => db.InTransactionAsync(async ct =>
        {
            attempts++;
            db.AuditEvents.Add(new AuditEvent { At = DateTime.UtcNow, Actor = "test", Action = $"attempt {attempts}" });
            await db.SaveChangesAsync(ct);
            if (attempts == 1) throw new SqliteException("database is locked", 5);
            return attempts;
        }, verifySucceeded: null, CancellationToken.None));

        Assert.Equal(2, attempts);
        Assert.Equal(["attempt 2"], await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_string_longer_than_its_column_is_refused_as_on_SQL_Server()
    {
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => Fixture.InsertDistrictAsync(new string('x', 65)));

        Assert.Contains("String or binary data would be truncated in table 'Districts', column 'Slug': 65 characters for a column of 64", error.Message);
        Assert.DoesNotContain(new string('x', 65), error.Message);
        Assert.Equal(0, await Fixture.CountAsync<District>());
    }

    [Fact]
    public async Task A_string_that_fits_its_column_is_stored_whole()
    {
        await Fixture.InsertDistrictAsync(new string('x', 64));

        Assert.Equal(64, (await Fixture.ExecuteDbContextAsync(db => db.Districts.SingleAsync())).Slug.Length);
    }
}
