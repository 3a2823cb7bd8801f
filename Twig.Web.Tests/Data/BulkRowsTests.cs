using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Data;

/// <summary>
/// <see cref="BulkRows"/>: a writer's rows are built from its records while the bulk session writes them, not before, and the
/// session (inserts, the key read-back of new ids) writes them exactly as it writes a list made up front.
/// </summary>
public sealed class BulkRowsTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly string[] Columns =
    [
        nameof(Person.DistrictId), nameof(Person.Source), nameof(Person.ExternalId), nameof(Person.FirstName), nameof(Person.LastName),
        nameof(Person.Roles), nameof(Person.CreatedAt), nameof(Person.UpdatedAt), nameof(Person.AccessFailedCount), nameof(Person.IsActive),
    ];

    [Fact]
    public async Task Rows_are_built_as_they_are_written_and_new_ids_come_back_by_key()
    {
        var district = await Fixture.InsertDistrictAsync("bulkrows");
        var now = DateTime.UtcNow;
        var records = Enumerable.Range(0, SqliteInserts.MaxRows + 5).Select(i => $"lazy-{i}").ToList();
        var built = 0;
        var rows = BulkRows.Of(records, id =>
        {
            built++;
            return [district.Id, RosterSource.Csv, id, "First", id.ToUpperInvariant(), PersonRoles.Student, now, now, 0, true];
        });
        Assert.Equal((records.Count, 0), (rows.Count, built));

        var ids = await Fixture.ExecuteDbContextAsync(db => db.InTransactionAsync(
            ct => db.GetService<BulkWriter>().Open(db, ct).InsertReturningIdsAsync<Person>(Columns, rows, nameof(Person.ExternalId),
                (nameof(Person.DistrictId), district.Id), (nameof(Person.Source), RosterSource.Csv)),
            null, CancellationToken.None));

        // Each row built once to be written and once more for its key; none held in between.
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
