using Mediator;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.Notifications;

namespace Twig.Web.Tests.SqlServer;

/// <summary>The conditional UPDATEs that let several instances share the queue and the outbox, as SQL Server would get them.</summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class ClaimDryRunTests(SqlServerDryRun dryRun)
{
    [Fact]
    public async Task Queue_claim_is_one_conditional_update_per_candidate()
    {
        var server = dryRun.Reset();
        server.AnswerValues("FROM [SyncRuns]", 41, 42);

        var claimed = await dryRun.InScopeAsync(services => services.GetRequiredService<SyncQueue>().ClaimNextAsync("worker-1", CancellationToken.None));

        dryRun.AssertClean();
        Assert.Equal(41, claimed);
        Assert.Single(server.Commands, c => c.Text.Contains("UPDATE [s]", StringComparison.Ordinal) && c.Text.Contains("[Status] = ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outbox_dispatch_claims_sends_and_settles_each_due_notification()
    {
        var server = dryRun.Reset();
        server.AnswerValues("ORDER BY [n].[Id]", 7L);
        server.AnswerEntities("FROM [Notifications] AS [n]", [new Notification
        {
            Id = 7, Kind = NotificationKind.SyncFailed, RecipientUserId = "user-1", RecipientEmail = "owner@example.org", Subject = "Sync failed",
            TextBody = "text", HtmlBody = "<p>html</p>", Link = "/sync", IdempotencyKey = "k-7", CreatedAt = DateTime.UtcNow, Status = NotificationStatus.Sending, Attempts = 1,
        }]);

        var result = await dryRun.InScopeAsync(services =>
            services.GetRequiredService<IMediator>().Send(new DispatchNotifications.Command("dispatcher-1")).AsTask());

        dryRun.AssertClean();
        // No SMTP server is configured, so the message is claimed, refused before sending, and put back for a retry.
        Assert.Equal(1, result.Retrying);
        Assert.Equal(3, server.Commands.Count(c => c.Text.Contains("UPDATE [n]", StringComparison.Ordinal)));
    }
}
