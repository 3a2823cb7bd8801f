using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Data;

/// <summary>
/// The bulk writer's SQLite INSERTs (many rows per native statement, bound by position) store every value exactly as EF and
/// Microsoft.Data.Sqlite would: EF's own queries find them by value, and a unique violation reads as one. Rows built as they
/// are written (<see cref="BulkRows"/>) are written the same way.
/// </summary>
public sealed class SqliteBulkInsertTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly string[] Columns =
    [
        nameof(Person.DistrictId), nameof(Person.Source), nameof(Person.ExternalId), nameof(Person.FirstName), nameof(Person.LastName),
        nameof(Person.Email), nameof(Person.Roles), nameof(Person.CreatedAt), nameof(Person.UpdatedAt), nameof(Person.DeactivatedAt),
        nameof(Person.AccessFailedCount), nameof(Person.IsActive), nameof(Person.RecordHash),
    ];

    [Fact]
    public async Task Rows_over_several_statements_store_values_EF_reads_and_compares()
    {
        var district = await Fixture.InsertDistrictAsync("bulkins");
        var instant = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1_234_567);
        var count = SqliteInserts.MaxRows * 2 + 3; // two full statements and a shorter one
        var rows = Enumerable.Range(0, count).Select(i => new object?[]
        {
            district.Id, RosterSource.Csv, $"b-{i}", i == 0 ? "" : $"Ünïcödé {i}", "O'Neil", i % 2 == 0 ? null : $"p{i}@example.org",
            PersonRoles.Teacher, instant, instant, i == 1 ? instant : null, i, i % 3 != 0, i == 2 ? long.MinValue : null,
        }).ToList();

        await Fixture.ExecuteDbContextAsync(db => db.InTransactionAsync(
            async ct => { await db.GetService<BulkWriter>().Open(db, ct).InsertAsync<Person>(Columns, rows); return true; }, null, CancellationToken.None));

        await Fixture.ExecuteDbContextAsync(async db =>
        {
            var people = db.People.AsNoTracking().Where(p => p.DistrictId == district.Id);
            Assert.Equal(count, await people.CountAsync(p => p.CreatedAt == instant && p.UpdatedAt == instant && p.Roles == PersonRoles.Teacher));
            Assert.Equal(1, await people.CountAsync(p => p.DeactivatedAt == instant));
            Assert.Equal(count - 1, await people.CountAsync(p => p.DeactivatedAt == null));
            Assert.Equal(Enumerable.Range(0, count).Count(i => i % 3 != 0), await people.CountAsync(p => p.IsActive));
            Assert.Equal("", (await people.SingleAsync(p => p.ExternalId == "b-0")).FirstName);
            var last = await people.SingleAsync(p => p.ExternalId == $"b-{count - 1}");
            Assert.Equal(($"Ünïcödé {count - 1}", "O'Neil", count - 1, DateTimeKind.Utc),
                (last.FirstName, last.LastName, last.AccessFailedCount, last.CreatedAt.Kind));
            Assert.Equal("p1@example.org", (await people.SingleAsync(p => p.ExternalId == "b-1")).Email);
            Assert.Equal(long.MinValue, (await people.SingleAsync(p => p.ExternalId == "b-2")).RecordHash);
            Assert.Null((await people.SingleAsync(p => p.ExternalId == "b-0")).Email);
        });
    }

    [Fact]
    public async Task A_duplicate_key_reads_as_a_unique_violation_and_the_transaction_keeps_nothing()
    {
        var district = await Fixture.InsertDistrictAsync("bulkdup");
        var now = DateTime.UtcNow;
        object?[] Row(string id) => [district.Id, RosterSource.Csv, id, "A", "B", null, PersonRoles.Student, now, now, null, 0, true, null];

        var error = await Record.ExceptionAsync(() => Fixture.ExecuteDbContextAsync(db => db.InTransactionAsync(
            async ct => { await db.GetService<BulkWriter>().Open(db, ct).InsertAsync<Person>(Columns, [Row("d-1"), Row("d-2"), Row("d-1")]); return true; },
            null, CancellationToken.None)));

        Assert.NotNull(error);
        Assert.True(UniqueViolation.Is(error), error.ToString());
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id)));
    }

    [Fact]
    public async Task Rows_built_as_they_are_written_land_and_their_new_ids_come_back_by_key()
    {
        var district = await Fixture.InsertDistrictAsync("bulkrows");
        var now = DateTime.UtcNow;
        var records = Enumerable.Range(0, SqliteInserts.MaxRows + 5).Select(i => $"lazy-{i}").ToList();
        var built = 0;
        var rows = BulkRows.Of(records, id =>
        {
            built++;
            return [district.Id, RosterSource.Csv, id, "First", id.ToUpperInvariant(), null, PersonRoles.Student, now, now, null, 0, true,
                null];
        });
        Assert.Equal((records.Count, 0), (rows.Count, built));

        var ids = await Fixture.ExecuteDbContextAsync(db => db.InTransactionAsync(
            ct => db.GetService<BulkWriter>().Open(db, ct).InsertReturningIdsAsync<Person>(Columns, rows, nameof(Person.ExternalId),
                (nameof(Person.DistrictId), district.Id), (nameof(Person.Source), RosterSource.Csv)),
            null, CancellationToken.None));

        // Each row built once to be written and once more for its key (BulkRows holds none of them in between).
        Assert.Equal(records.Count * 2, built);
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            var stored = await db.People.AsNoTracking().Where(p => p.DistrictId == district.Id)
                .ToDictionaryAsync(p => p.ExternalId, p => (p.Id, p.LastName));
            Assert.Equal(records.ToHashSet(), stored.Keys.ToHashSet());
            Assert.All(records, id => Assert.Equal((ids[id], id.ToUpperInvariant()), stored[id]));
        });
    }
}
