using Mediator;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.Errors;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// Waiting for a district another transaction holds (a large sync applying for a minute) is bounded on SQL Server: a
/// page's request waits 15 seconds and then says the district is busy, instead of failing with SqlClient's bare timeout.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class DistrictBusyDryRunTests(SqlServerDryRun dryRun)
{
    private const string Lock = "FROM [Districts] WITH (UPDLOCK, HOLDLOCK, ROWLOCK)";

    private static void AnswerDistrict(DryRunServer server)
    {
        server.AnswerEntities("LEFT JOIN [CleverConnections]", [
            new District { Id = 1, Name = "Maple", Slug = "maple", RosterSource = RosterSource.Csv },
            new CleverConnection { Id = 3, DistrictId = 1, CleverDistrictId = "c-1", CleverDistrictName = "Maple", State = CleverConnectionState.Connected },
        ]);
        server.AnswerValues("FROM [Districts] AS [d]", true); // the validator's "is there such a district"
    }

    private Task SwitchToOneRosterAsync() => dryRun.InScopeAsync(services => services.GetRequiredService<IMediator>()
        .Send(new Features.DistrictAdmin.ChangeRosterSource.Command(1, RosterSource.OneRoster)).AsTask());

    [Fact]
    public async Task A_page_waits_15_seconds_for_the_district_and_later_statements_keep_the_usual_timeout()
    {
        var server = dryRun.Reset();
        AnswerDistrict(server);

        await SwitchToOneRosterAsync();

        dryRun.AssertClean();
        var locked = server.Commands.FindIndex(c => c.Text.Contains(Lock, StringComparison.Ordinal));
        Assert.Equal(15, server.Commands[locked].Timeout);
        Assert.All(server.Commands.Skip(locked + 1), c => Assert.Equal(30, c.Timeout));
    }

    [Fact]
    public async Task A_district_held_past_the_wait_is_refused_as_busy_and_the_error_page_says_so()
    {
        var server = dryRun.Reset();
        AnswerDistrict(server);
        server.Failures.Add((Lock, SqlErrors.Timeout));

        var busy = await Assert.ThrowsAsync<DistrictBusyException>(SwitchToOneRosterAsync);

        Assert.DoesNotContain(server.Commands, c => c.Text.StartsWith("UPDATE [Districts]", StringComparison.Ordinal));
        // What the visitor then sees: the error page, re-executed with the exception, answers 503 with the sentence.
        var context = new DefaultHttpContext();
        context.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature { Error = busy, Path = "/support/districts/1/source" });
        var page = new ErrorPage { PageContext = new PageContext { HttpContext = context } };
        page.OnGet(500);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal(("This district is busy", DistrictBusyException.Sentence), (page.Title, page.Explanation));
    }

    /// <summary>
    /// Settings that update the district's row wait for a sync or import holding it as the district's other writes do: 15
    /// seconds, then "busy" (the UPDATE alone would wait SqlClient's 30 seconds and fail with a bare timeout).
    /// </summary>
    [Fact]
    public async Task Settings_that_update_the_district_hold_it_first()
    {
        var server = dryRun.Reset();
        server.AnswerEntities("FROM [Districts] AS [d]", [new District
        {
            Id = 1, Name = "Maple", Slug = "maple", RosterSource = RosterSource.Clever, NightlyPausedUntil = new DateOnly(2027, 1, 4),
        }]);

        await dryRun.InScopeAsync(async services =>
        {
            var mediator = services.GetRequiredService<IMediator>();
            await mediator.Send(new Features.DistrictAdmin.DistrictSettings.Command
            {
                DistrictId = 1, NightlySyncEnabled = false, DeactivationThresholdPercent = 20, GoogleDomains = "maple.org",
            });
            await mediator.Send(new Features.DistrictAdmin.DistrictTimeZone.Command { DistrictId = 1, TimeZoneId = "America/New_York" });
            await mediator.Send(new Features.CleverSync.Lifecycle.NightlyPause.Resume(1));
            await mediator.Send(new Features.CleverSync.Lifecycle.NightlyPause.Pause(1, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3),
                "Winter break"));
            return await mediator.Send(new Features.CleverSync.Events.SetEventsMode.Command(1, On: true));
        });

        dryRun.AssertClean();
        Assert.Equal(5, server.AssertDistrictHeldFirst(1, "Districts"));
    }

    [Fact]
    public async Task Deciding_about_a_held_run_holds_the_district_first()
    {
        var server = dryRun.Reset();
        server.AnswerEntities("SELECT TOP(2) [s].[Id]", [new SyncRun
        {
            Id = 9, DistrictId = 1, Trigger = SyncTrigger.Nightly, Status = SyncRunStatus.HeldForReview, RequestedBy = "nightly schedule",
            RequestedAt = DateTime.UtcNow.AddHours(-1), Message = "Held for review.",
        }]);

        await dryRun.InScopeAsync(services => services.GetRequiredService<IMediator>()
            .Send(new Features.CleverSync.Runs.ReviewHeldRun.Command(1, 9, Approve: false)).AsTask());

        dryRun.AssertClean();
        Assert.Equal(1, server.AssertDistrictHeldFirst(1, "SyncRuns"));
    }

    [Fact]
    public async Task Cancelling_a_deletion_holds_the_district_first_so_it_never_races_the_deletions_start()
    {
        var server = dryRun.Reset();
        server.AnswerEntities("FROM [DistrictDeletions] AS [d]", [new DistrictDeletion
        {
            Id = 3, DistrictId = 1, Status = DistrictDeletionStatus.Scheduled, RequestedBy = "admin", RequestedAt = DateTime.UtcNow.AddDays(-1),
            DueAt = DateTime.UtcNow.AddDays(29),
        }]);

        Assert.True(await dryRun.InScopeAsync(services => services.GetRequiredService<IMediator>()
            .Send(new Features.DataStewardship.CancelDeletion.Command(1)).AsTask()));

        dryRun.AssertClean();
        Assert.Equal(1, server.AssertDistrictHeldFirst(1, "DistrictDeletions"));
    }
}
