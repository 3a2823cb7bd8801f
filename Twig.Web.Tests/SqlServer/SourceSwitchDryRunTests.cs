using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// Completing a switch of roster source deactivates the retiring source's rows inside a long apply transaction: on SQL
/// Server no statement may reach the 5,000 locks that escalate to a lock on the whole table (every district's rows).
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class SourceSwitchDryRunTests(SqlServerDryRun dryRun)
{
    [Fact]
    public async Task The_retiring_sources_people_are_deactivated_at_most_2000_rows_a_statement()
    {
        var server = dryRun.Reset();
        server.AnswerEntities("[d].[RetiringRosterSource]", [new District { Id = 7, RosterSource = RosterSource.Clever, RetiringRosterSource = RosterSource.Csv }]);
        // 4,500 active CSV people: the 2,000th key is 2,000, then (the first batch now inactive) 4,000, then there is none. Each
        // deactivation moves the person's row in the (DistrictId, IsActive, Roles) index: two key locks a row there.
        var bounds = new Queue<int>([2_000, 4_000]);
        server.Answer("FROM [People] AS [p]", (_, columns) => new ResultSet(columns,
            bounds.TryDequeue(out var bound) ? [[bound]] : []));

        await dryRun.InScopeAsync(services => services.GetRequiredService<TwigDb>().InTransactionAsync(
            ct => RosterSourceRule.CompleteAsync(services.GetRequiredService<TwigDb>(), services.GetRequiredService<AuditTrail>(), 7,
                RosterSource.Clever, DateTime.UtcNow, ct), verifySucceeded: null, CancellationToken.None));

        dryRun.AssertClean();
        var updates = server.Commands.Where(c => c.Text.StartsWith("UPDATE [p]", StringComparison.Ordinal)
            && c.Text.Contains("FROM [People] AS [p]", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, updates.Count);
        Assert.All(updates[..2], u => Assert.Contains("[p].[Id] <= @", u.Text, StringComparison.Ordinal));
        Assert.Contains(updates[0].Parameters, p => Equals(p.Value, 2_000));
        Assert.Contains(updates[1].Parameters, p => Equals(p.Value, 4_000));
        var keys = server.Commands.First(c => c.Text.Contains("OFFSET", StringComparison.Ordinal) && c.Text.Contains("[People]", StringComparison.Ordinal));
        Assert.Contains(keys.Parameters, p => Equals(p.Value, 1_999));
    }
}
