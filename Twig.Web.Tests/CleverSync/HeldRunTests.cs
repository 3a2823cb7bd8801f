using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

public sealed class HeldRunTests(SliceFixture fixture) : SliceTest(fixture)
{
    private async Task<(District District, Twig.Sandbox.SandboxDistrict Clever, SyncRun Held, int Removed)> HeldAfterSchoolVanishesAsync()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 300, schools: 3);
        await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        var before = RosterOracle.People(clever);
        clever.Changes.RemoveSchool(clever.Roster.Schools().First().Id);
        var (_, _, removed) = RosterOracle.Diff(before, RosterOracle.People(clever));
        var held = await Fixture.SyncAsync(district.Id);
        return (district, clever, held, removed);
    }

    [Fact]
    public async Task A_vanished_school_holds_the_run_with_everyone_it_would_deactivate_listed()
    {
        var (district, _, held, removed) = await HeldAfterSchoolVanishesAsync();

        Assert.Equal(SyncRunStatus.HeldForReview, held.Status);
        Assert.Equal(removed, held.Count(RosterEntityType.Person).Deactivated);
        Assert.Equal(1, held.Count(RosterEntityType.School).Deactivated);
        Assert.All((await Fixture.TwigPeopleAsync(district.Id)).Values, Assert.True);
        var listed = await Fixture.ExecuteDbContextAsync(db => db.HeldDeactivations.Where(h => h.SyncRunId == held.Id).ToListAsync());
        Assert.Equal(removed, listed.Count(h => h.EntityType == RosterEntityType.Person));
        Assert.Single(listed, h => h.EntityType == RosterEntityType.School);
    }

    [Fact]
    public async Task Approving_applies_exactly_the_held_deactivations()
    {
        var (district, _, held, removed) = await HeldAfterSchoolVanishesAsync();

        var decision = await Fixture.SendAsync(new ReviewHeldRun.Command(district.Id, held.Id, Approve: true));
        await Fixture.ProcessQueueAsync(district.Id);

        Assert.True(decision.Done);
        var followUp = await Fixture.RunAsync(decision.FollowUpRunId!.Value);
        Assert.True(followUp.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, followUp.Message);
        Assert.Equal(removed, followUp.Count(RosterEntityType.Person).Deactivated);
        Assert.Equal(removed, (await Fixture.TwigPeopleAsync(district.Id)).Values.Count(active => !active));
        var decided = await Fixture.RunAsync(held.Id);
        Assert.Equal(SyncRunStatus.Approved, decided.Status);
        // What held it stays; "until someone approves it" gives way to the decision.
        Assert.StartsWith("Held for review: this sync would deactivate", decided.Message);
        Assert.DoesNotContain(SyncWords.AwaitingApproval, decided.Message);
        Assert.EndsWith($"applied by run #{followUp.Id}.", decided.Message);
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.CountAsync(a => a.Action == "sync.held.approved" && a.DistrictId == district.Id)));
    }

    [Fact]
    public async Task An_approved_plan_that_grew_meanwhile_is_held_again()
    {
        var (district, clever, held, _) = await HeldAfterSchoolVanishesAsync();
        clever.Changes.RemoveSchool(clever.Roster.Schools().First().Id);

        var decision = await Fixture.SendAsync(new ReviewHeldRun.Command(district.Id, held.Id, Approve: true));
        await Fixture.ProcessQueueAsync(district.Id);

        var followUp = await Fixture.RunAsync(decision.FollowUpRunId!.Value);
        Assert.Equal(SyncRunStatus.HeldForReview, followUp.Status);
        Assert.All((await Fixture.TwigPeopleAsync(district.Id)).Values, Assert.True);
    }

    [Fact]
    public async Task Discarding_leaves_everyone_active()
    {
        var (district, _, held, _) = await HeldAfterSchoolVanishesAsync();
        var notice = new Notification
        {
            Kind = NotificationKind.SyncHeld, DistrictId = district.Id, RecipientUserId = "owner", RecipientEmail = "owner@example.org", Subject = "held",
            Link = $"http://localhost/districts/{district.Id}/sync/runs/{held.Id}/review", IdempotencyKey = "held-notice", CreatedAt = DateTime.UtcNow,
        };
        await Fixture.InsertAsync(notice);

        var decision = await Fixture.SendAsync(new ReviewHeldRun.Command(district.Id, held.Id, Approve: false));
        // The notice was acted on, so it is no longer "new".
        Assert.NotNull((await Fixture.FindAsync<Notification>(notice.Id))!.ReadAt);

        Assert.True(decision.Done);
        Assert.Null(decision.FollowUpRunId);
        var discarded = await Fixture.RunAsync(held.Id);
        Assert.Equal(SyncRunStatus.Discarded, discarded.Status);
        Assert.DoesNotContain(SyncWords.AwaitingApproval, discarded.Message);
        Assert.EndsWith("; nothing was applied.", discarded.Message);
        Assert.All((await Fixture.TwigPeopleAsync(district.Id)).Values, Assert.True);
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.CountAsync(a => a.Action == "sync.held.discarded")));
        var again = await Fixture.SendAsync(new ReviewHeldRun.Command(district.Id, held.Id, Approve: true));
        Assert.False(again.Done);
    }

    [Fact]
    public async Task A_held_run_of_another_district_cannot_be_decided()
    {
        var (_, _, held, _) = await HeldAfterSchoolVanishesAsync();
        var other = await Fixture.InsertDistrictAsync("other");

        var decision = await Fixture.SendAsync(new ReviewHeldRun.Command(other.Id, held.Id, Approve: true));

        Assert.False(decision.Done);
        Assert.Equal(SyncRunStatus.HeldForReview, (await Fixture.RunAsync(held.Id)).Status);
    }

    [Fact]
    public async Task The_run_that_applies_an_approval_links_back_to_the_held_run()
    {
        var (district, _, held, _) = await HeldAfterSchoolVanishesAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var decision = await Fixture.SendAsync(new ReviewHeldRun.Command(district.Id, held.Id, Approve: true));
        await Fixture.ProcessQueueAsync(district.Id);

        var page = await owner.GetPageAsync($"/districts/{district.Id}/sync/runs/{decision.FollowUpRunId}");

        Assert.StartsWith($"Applies the approval of held run #{held.Id}, approved by", page.TextOf("run-trigger", "dd"));
        Assert.Contains($"<a href=\"/districts/{district.Id}/sync/runs/{held.Id}\">#{held.Id}</a>", page.Html);
        // The run tables say so too, not "Sync now".
        foreach (var list in new[] { $"/districts/{district.Id}/sync", "/district" })
        {
            var html = (await owner.GetPageAsync(list)).Html;
            var row = Regex.Match(html, $"<tr data-run=\"{decision.FollowUpRunId}\">.*?</tr>", RegexOptions.Singleline).Value;
            Assert.Contains($"<td>Approval of #{held.Id}</td>", row);
        }
    }

    [Fact]
    public async Task Sync_now_right_after_a_held_run_says_the_run_waits_for_review_not_that_it_finished()
    {
        var (district, _, held, _) = await HeldAfterSchoolVanishesAsync();

        var again = await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.OnDemand));

        Assert.NotNull(again.Refusal);
        Assert.StartsWith($"Run #{held.Id} was started less than a minute ago and is held for your review; you can sync again in", again.Refusal);
        Assert.DoesNotContain("finished", again.Refusal);
    }
}
