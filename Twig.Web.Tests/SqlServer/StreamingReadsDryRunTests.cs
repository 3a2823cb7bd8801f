using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// On the production configuration (a retrying strategy), EF reads a whole result before its first row; inside
/// <see cref="StreamingReads"/> it hands out each row as it reads it. Told apart by a result whose second row cannot be
/// read: a buffered read fails before any row, a streamed one after the first.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class StreamingReadsDryRunTests(SqlServerDryRun dryRun)
{
    private static async Task<(List<string> Rows, Exception? Error)> ReadSchoolsAsync(TwigDb db, CancellationToken token)
    {
        var rows = new List<string>();
        try
        {
            await foreach (var school in db.Schools.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.Id, s.Name })
                .AsAsyncEnumerable().WithCancellation(token))
                rows.Add(school.Name);
            return (rows, null);
        }
        catch (Exception ex) when (ex is InvalidCastException or NullReferenceException or InvalidOperationException)
        {
            return (rows, ex);
        }
    }

    private void AnswerWithABrokenSecondRow() =>
        dryRun.Reset().Answer("FROM [Schools]", (_, columns) => new ResultSet(columns, [[1, "North"], [null, "South"]]));

    [Fact]
    public async Task Inside_StreamingReads_a_row_is_handed_out_before_the_next_is_read()
    {
        AnswerWithABrokenSecondRow();

        var (rows, error) = await dryRun.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<TwigDb>();
            (List<string>, Exception?) read = default;
            await StreamingReads.RunAsync(db, async ct => read = await ReadSchoolsAsync(db, ct), CancellationToken.None);
            return read;
        });

        Assert.Equal(["North"], rows);
        Assert.NotNull(error);
    }

    [Fact]
    public async Task Outside_it_the_retrying_strategy_reads_the_whole_result_first()
    {
        AnswerWithABrokenSecondRow();

        var (rows, error) = await dryRun.InScopeAsync(services =>
            ReadSchoolsAsync(services.GetRequiredService<TwigDb>(), CancellationToken.None));

        Assert.Empty(rows);
        Assert.NotNull(error);
    }
}
