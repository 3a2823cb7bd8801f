using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data.Bulk;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Data;

/// <summary>A read on a connection of its own (stepped natively, outside EF) waits for another connection's lock as EF's do.</summary>
public sealed class SqliteRowsTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task A_read_on_its_own_connection_waits_for_a_lock_instead_of_failing()
    {
        var district = await Fixture.InsertDistrictAsync();
        var connectionString = await Fixture.ExecuteDbContextAsync(db => Task.FromResult(db.Database.GetConnectionString()!));

        // Another connection holds the database exclusively (as a checkpoint or a recovery briefly can).
        await using var holder = new SqliteConnection(connectionString);
        await holder.OpenAsync();
        await using (var lockIt = holder.CreateCommand())
        {
            lockIt.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE \"Districts\" SET \"Name\" = \"Name\";";
            await lockIt.ExecuteNonQueryAsync();
        }

        await using var probe = new SqliteConnection(connectionString);
        var read = SqliteRows.ReadOnOwnConnectionAsync(probe, "SELECT \"Id\" FROM \"Districts\"", [], 1, CancellationToken.None);
        // The read starts while the lock is held; without a busy handler it would fail with SQLITE_BUSY at once.
        await Task.Delay(300);
        await using (var release = holder.CreateCommand())
        {
            release.CommandText = "COMMIT; PRAGMA locking_mode=NORMAL; SELECT COUNT(*) FROM \"Districts\";";
            await release.ExecuteScalarAsync();
        }

        Assert.Equal([(long)district.Id], await read);
    }
}
