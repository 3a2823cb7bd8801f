using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Domain;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// A bulk load bigger than <see cref="BulkWriter.BulkCopyRowsPerLoad"/> on the production SQL Server configuration: sent as
/// several loads of whole batches in the one transaction, every row once, so a first sync of a large district never holds
/// all of a table's rows as one DataTable.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class BulkLoadDryRunTests(SqlServerDryRun dryRun)
{
    private static readonly string[] Columns =
    [
        nameof(Enrollment.DistrictId), nameof(Enrollment.Source), nameof(Enrollment.SectionId), nameof(Enrollment.PersonId),
        nameof(Enrollment.Role), nameof(Enrollment.IsPrimary), nameof(Enrollment.IsActive), nameof(Enrollment.CreatedAt), nameof(Enrollment.UpdatedAt),
    ];

    [Fact]
    public async Task A_large_insert_is_sent_as_several_loads_in_one_transaction()
    {
        var server = dryRun.Reset();
        var now = new DateTime(2026, 9, 1, 7, 30, 0, DateTimeKind.Utc);
        var count = BulkWriter.BulkCopyRowsPerLoad * 2 + 2500;
        var people = Enumerable.Range(0, count).ToList();
        var rows = BulkRows.Of(people, p => [1, RosterSource.Clever, 7 + p % 11, 1000 + p, EnrollmentRole.Student, false, true, now, now]);

        await dryRun.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<TwigDb>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await services.GetRequiredService<BulkWriter>().Open(db, CancellationToken.None).InsertAsync<Enrollment>(Columns, rows);
                await transaction.CommitAsync();
            });
        });

        Assert.True(server.Violations.Count == 0, string.Join("\n", server.Violations)); // no command is sent: only loads
        Assert.Equal([BulkWriter.BulkCopyRowsPerLoad, BulkWriter.BulkCopyRowsPerLoad, 2500],
            dryRun.BulkCopy.Requests.Select(r => r.Rows.Rows.Count));
        Assert.Equal(people.Select(p => 1000 + p), server.Loaded["Enrollments"].Select(r => Convert.ToInt32(r["PersonId"])));
        Assert.Single(dryRun.BulkCopy.Requests.Select(r => r.Transaction).Distinct());
    }
}
