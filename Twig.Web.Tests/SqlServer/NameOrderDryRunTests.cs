using Mediator;
using Twig.Web.Data;
using Twig.Web.Features.DistrictAdmin;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// On SQL Server names are sorted by the database's default collation, which already ignores case: the lists' ORDER BY
/// names the columns as they are, without SQLite's collation (unknown to SQL Server) and without a COLLATE that would keep
/// the name indexes from serving the sort.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class NameOrderDryRunTests(SqlServerDryRun dryRun)
{
    [Fact]
    public async Task The_people_class_and_district_lists_order_by_name_with_the_default_collation()
    {
        var server = dryRun.Reset();
        server.AnswerValues("[d].[Name]", "Maple");

        await dryRun.InScopeAsync(async services =>
        {
            var mediator = services.GetRequiredService<IMediator>();
            await mediator.Send(new DistrictPeople.Query(1, null, "name", 1));
            await mediator.Send(new DistrictPeople.Query(1, null, "school", 1));
            await mediator.Send(new DistrictClasses.Query(1, null, "school", 1));
            server.ClearAnswers(); // the console reads every district: no rows
            return await mediator.Send(new SupportConsole.Query(null, null));
        });

        dryRun.AssertClean();
        Assert.DoesNotContain(server.Commands, c => c.Text.Contains(NameOrder.SqliteCollation, StringComparison.OrdinalIgnoreCase)
            || c.Text.Contains("COLLATE", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(server.Commands, c => c.Text.Contains("ORDER BY [p].[LastName], [p].[FirstName], [p].[Id]", StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.Text.Contains("ORDER BY [s0].[Name], [s].[Name], [s].[Id]", StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.Text.Contains("ORDER BY [d].[Name]", StringComparison.Ordinal));
    }
}
