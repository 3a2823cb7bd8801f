using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>What must never happen: a bad or partial fetch deactivating people, a half-applied sync.</summary>
public sealed class SafetyTests(SliceFixture fixture) : SliceTest(fixture)
{
    /// <summary>Enough students for the sandbox to make more sections than one page of 25 holds.</summary>
    private const int TwoPagesOfSections = 300;

    private async Task<(District District, Twig.Sandbox.SandboxDistrict Clever, string Fingerprint)> SyncedAndChangedAsync(int students = 120)
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: students);
        await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        var fingerprint = await Fixture.RosterFingerprintAsync(district.Id);
        // Overnight changes that a good run would apply, so "unchanged" proves nothing was applied.
        clever.Changes.RemovePercent("student", 5);
        clever.Changes.UpdateNames("teacher", 10);
        return (district, clever, fingerprint);
    }

    [Theory]
    [InlineData(500, "users")]
    [InlineData(502, "sections")]
    [InlineData(503, "schools")]
    public async Task A_server_error_that_outlasts_the_retries_fails_the_run_and_changes_nothing(int status, string collection)
    {
        var (district, clever, fingerprint) = await SyncedAndChangedAsync();
        clever.Faults.Fail(status, onPage: 1, collection: collection, times: 50);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains($"Clever answered {status}", run.Message);
        Assert.Equal(fingerprint, await Fixture.RosterFingerprintAsync(district.Id));
    }

    [Fact]
    public async Task A_server_error_on_a_later_page_that_retries_overcome_does_not_fail_the_run()
    {
        var (district, clever, _) = await SyncedAndChangedAsync();
        clever.Faults.Fail(503, onPage: 2, collection: "users", times: 2);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        Assert.True(run.Count(RosterEntityType.Person).Deactivated > 0);
    }

    [Fact]
    public async Task Rate_limit_bursts_are_waited_out()
    {
        var (district, clever, _) = await SyncedAndChangedAsync();
        clever.Faults.RateLimitBurst(3);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
    }

    [Theory]
    [InlineData("users")]
    [InlineData("sections")] // read ahead, while the people are read
    public async Task A_truncated_body_fails_the_run_and_changes_nothing(string collection)
    {
        var (district, clever, fingerprint) = await SyncedAndChangedAsync(students: TwoPagesOfSections);
        clever.Faults.TruncateBody(page: 2, collection: collection);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("incomplete or unreadable", run.Message);
        Assert.Equal(fingerprint, await Fixture.RosterFingerprintAsync(district.Id));
    }

    [Theory]
    [InlineData("users")]
    [InlineData("sections")]
    public async Task A_looping_next_link_fails_the_run_and_changes_nothing(string collection)
    {
        var (district, clever, fingerprint) = await SyncedAndChangedAsync(students: TwoPagesOfSections);
        clever.Faults.LoopNextLink(collection);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("came back to a page", run.Message);
        Assert.Equal(fingerprint, await Fixture.RosterFingerprintAsync(district.Id));
    }

    [Fact]
    public async Task A_401_with_the_token_no_longer_listed_disconnects_the_district_and_deactivates_nobody()
    {
        var (district, clever, fingerprint) = await SyncedAndChangedAsync();
        Fixture.Sandbox().Disconnect(clever.Id);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Equal(fingerprint, await Fixture.RosterFingerprintAsync(district.Id));
        var connection = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.SingleAsync(c => c.DistrictId == district.Id));
        Assert.Equal(CleverConnectionState.Disconnected, connection.State);
        var refused = await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.Nightly));
        Assert.Null(refused.RunId);
    }

    [Fact]
    public async Task A_suddenly_empty_roster_is_held_for_review()
    {
        var (district, clever, fingerprint) = await SyncedAndChangedAsync();
        clever.Changes.EmptyRoster();

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.HeldForReview, run.Status);
        Assert.Contains("Held for review", run.Message);
        Assert.Equal(fingerprint, await Fixture.RosterFingerprintAsync(district.Id));
        var held = await Fixture.ExecuteDbContextAsync(db => db.HeldDeactivations.CountAsync(h => h.SyncRunId == run.Id && h.EntityType == RosterEntityType.Person));
        Assert.Equal(run.Count(RosterEntityType.Person).Deactivated, held);
    }

    [Fact]
    public async Task Too_many_students_for_the_licence_blocks_the_run_and_changes_nothing()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 60, seats: 10);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.BlockedByLicense, run.Status);
        Assert.Matches(@"\d+ students would be active; 10 are licensed", run.Message);
        Assert.Empty(await Fixture.TwigPeopleAsync(district.Id));
        _ = clever;
    }

    [Fact]
    public async Task A_district_over_its_licence_can_still_sync_changes_that_lower_usage()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 200);
        await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LicensedStudentSeats, 50)));
        clever.Changes.RemovePercent("student", 5);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        Assert.True(run.Count(RosterEntityType.Person).Deactivated > 0);
    }
}
