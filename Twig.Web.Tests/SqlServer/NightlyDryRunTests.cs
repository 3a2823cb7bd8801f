using Mediator;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// The nightly job fires on every instance: each district is decided in a short transaction of its own that holds the
/// district first, not in one transaction over every district (which held the first district's new run, uncommitted,
/// while the loop went on, and made the other instances wait on it).
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class NightlyDryRunTests(SqlServerDryRun dryRun)
{
    [Fact]
    public async Task Each_district_is_queued_in_its_own_transaction_that_holds_it_first()
    {
        var server = dryRun.Reset();
        server.AnswerValues("[c].[State]", 1, 2);
        server.AnswerEntities("[d].[NightlyPausedUntil]", [new District { Id = 1, Name = "Maple", Slug = "maple" }]);

        await dryRun.InScopeAsync(services => services.GetRequiredService<IMediator>().Send(new NightlySync.Command()).AsTask());

        dryRun.AssertClean();
        var transactions = server.Commands.Where(c => c.Text.Contains("INSERT INTO [SyncRuns]", StringComparison.Ordinal))
            .Select(c => c.TransactionNumber).ToList();
        Assert.Equal(2, transactions.Distinct().Count());
        // Each begins by holding its own district.
        var held = transactions.Select(number => server.Commands.First(c => c.TransactionNumber == number))
            .Select(first => Assert.Single(first.Parameters).Value)
            .ToList();
        Assert.All(transactions, number => Assert.Contains("WITH (UPDLOCK, HOLDLOCK, ROWLOCK)",
            server.Commands.First(c => c.TransactionNumber == number).Text, StringComparison.Ordinal));
        Assert.Equal([1, 2], held);
    }
}
