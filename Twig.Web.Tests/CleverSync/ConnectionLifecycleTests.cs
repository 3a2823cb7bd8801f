using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.Login;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// A 401 is re-checked against Clever's token listing before anything is concluded; support re-checks from the
/// console; the owner's dashboard says what the state means; Clever sign-in never needs the district's token.
/// </summary>
public sealed class ConnectionLifecycleTests(SliceFixture fixture) : SliceTest(fixture)
{
    private Task<CleverConnection> ConnectionAsync(int districtId) =>
        Fixture.ExecuteDbContextAsync(db => db.CleverConnections.AsNoTracking().SingleAsync(c => c.DistrictId == districtId));

    private async Task<(District District, Sandbox.SandboxDistrict Clever, int People)> SyncedAsync()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 40);
        var first = await Fixture.SyncAsync(district.Id);
        Assert.True(first.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, first.Message);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        return (district, clever, RosterOracle.People(clever).Count);
    }

    private Task<int> ActivePeopleAsync(int districtId) =>
        Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == districtId && p.IsActive));

    [Fact]
    public async Task A_401_while_Clever_still_lists_the_token_fails_the_run_keeps_the_district_connected_and_the_next_sync_works()
    {
        var (district, clever, people) = await SyncedAsync();
        clever.Faults.Revoke();

        var refused = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.Failed, refused.Status);
        Assert.Contains("Clever still lists Twig's connection with the same token, so the district stays connected", refused.Message);
        Assert.Contains("nobody was deactivated", refused.Message);
        var connection = await ConnectionAsync(district.Id);
        Assert.Equal(CleverConnectionState.Connected, connection.State);
        Assert.NotNull(connection.LastUnauthorizedAt);
        Assert.NotNull(connection.LastCheckedAt);
        Assert.Equal(people, await ActivePeopleAsync(district.Id));
        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.Notifications.AnyAsync(n => n.Kind == NotificationKind.Disconnected)));

        clever.Faults.Clear();
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        var next = await Fixture.SyncAsync(district.Id);
        Assert.True(next.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, next.Message);
        Assert.Equal(people, await ActivePeopleAsync(district.Id));
    }

    [Fact]
    public async Task A_401_after_Clever_issued_a_new_token_uses_the_new_token_in_the_same_run()
    {
        var (district, clever, people) = await SyncedAsync();
        var rotated = Fixture.Sandbox().RotateToken(clever.Id);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        var connection = await ConnectionAsync(district.Id);
        Assert.Equal(CleverConnectionState.Connected, connection.State);
        Assert.Contains("Clever issued a new token", connection.StateReason);
        Assert.Equal(rotated, Fixture.Services.GetRequiredService<CleverTokenProtector>().Unprotect(connection.ProtectedToken!));
        Assert.Equal(people, await ActivePeopleAsync(district.Id));
    }

    [Fact]
    public async Task A_401_when_Clever_no_longer_lists_the_district_disconnects_it_and_discovery_reconnects_it_once_listed_again()
    {
        var (district, clever, people) = await SyncedAsync();
        await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        Fixture.Sandbox().Disconnect(clever.Id);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("Clever no longer lists a token for this district", run.Message);
        Assert.Equal(CleverConnectionState.Disconnected, (await ConnectionAsync(district.Id)).State);
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.Notifications.AnyAsync(n => n.Kind == NotificationKind.Disconnected && n.DistrictId == district.Id)));
        Assert.Equal(people, await ActivePeopleAsync(district.Id));

        // The district adds Twig back in Clever with the same token: the e-mail's promise ("syncs resume once Clever lists the connection again") holds.
        Fixture.Sandbox().Connect(clever.Id);
        await Fixture.SendAsync(new DiscoverConnections.Command());
        var connection = await ConnectionAsync(district.Id);
        Assert.Equal(CleverConnectionState.Connected, connection.State);
        Assert.Contains("lists the district's connection again", connection.StateReason);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        var after = await Fixture.SyncAsync(district.Id);
        Assert.True(after.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, after.Message);
    }

    [Fact]
    public async Task Clever_sign_in_does_not_depend_on_the_district_token()
    {
        var (district, clever, _) = await SyncedAsync();
        clever.Faults.Revoke();
        Assert.Equal(SyncRunStatus.Failed, (await Fixture.SyncAsync(district.Id)).Status);

        using (var session = Fixture.CreateSession())
        {
            var (_, page) = await session.SignInWithCleverAsync(clever.Id, clever.Roster.AnyStudent().Id);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("/classes", page.PathOf());
        }

        // While Twig cannot reach Clever's listing to settle a 401, the district is re-checking: people still sign in.
        await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CleverConnectionState.Rechecking)));
        using (var session = Fixture.CreateSession())
        {
            var (_, page) = await session.SignInWithCleverAsync(clever.Id, clever.Roster.AnyTeacherWithSections().Id);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("/classes", page.PathOf());
        }
    }

    [Fact]
    public async Task A_support_admin_re_checks_a_disconnected_district_from_the_console_and_it_is_audited()
    {
        var (district, _, _) = await SyncedAsync();
        await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CleverConnectionState.Disconnected)));
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var console = $"/support/districts/{district.Id}";
        var before = await admin.GetPageAsync(console);
        Assert.Contains("Re-check with Clever", before.Html);

        var posted = await admin.SubmitFormAsync(console, new Dictionary<string, string> { ["returnUrl"] = console },
            $"/districts/{district.Id}/clever?handler=Recheck");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(console, posted.Headers.Location!.OriginalString);
        var after = await admin.GetPageAsync(console);
        Assert.Contains("Re-checked with Clever: Clever lists the district&#x27;s connection", after.Html);
        Assert.Contains("data-state=\"Connected\"", after.Html);
        Assert.Equal(CleverConnectionState.Connected, (await ConnectionAsync(district.Id)).State);
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "connection.rechecked" && a.DistrictId == district.Id)));
    }

    [Fact]
    public async Task Only_a_support_admin_may_re_check()
    {
        var (district, _, _) = await SyncedAsync();
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);
        var console = $"/support/districts/{district.Id}";
        Assert.DoesNotContain("Re-check with Clever", (await support.GetPageAsync(console)).Html);

        var posted = await support.SubmitFormAsync(console, new Dictionary<string, string>(), $"/districts/{district.Id}/clever?handler=Recheck");

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "connection.rechecked")));
    }

    [Fact]
    public async Task The_owners_dashboard_says_what_state_the_connection_is_in_and_what_to_do()
    {
        var (district, clever, _) = await SyncedAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var connected = await owner.GetPageAsync("/district");
        Assert.Contains("data-state=\"Connected\"", connected.Html);
        Assert.Contains("Students and staff on your Clever roster sign in with Clever.", connected.Html);

        Fixture.Sandbox().Disconnect(clever.Id);
        await Fixture.SyncAsync(district.Id);

        var page = await owner.GetPageAsync("/district");
        Assert.Contains("data-state=\"Disconnected\"", page.Html);
        Assert.Contains("Disconnected from Clever", page.Html);
        Assert.Contains("Clever sign-in is refused", page.Html);
        Assert.Contains("Ask your district&#x27;s Clever administrator to add (or re-authorize) Twig Science", page.Html);
        Assert.DoesNotContain("Re-check with Clever", page.Html);
    }

    [Fact]
    public async Task After_a_disconnection_the_failed_run_banner_asks_for_a_reconnection_in_clever_not_for_sync_now()
    {
        var (district, clever, _) = await SyncedAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        Fixture.Sandbox().Disconnect(clever.Id);
        var run = await Fixture.SyncAsync(district.Id);
        Assert.Equal(SyncRunStatus.Failed, run.Status);

        var page = await owner.GetPageAsync("/district");

        var nextStep = page.TextOf("failure-next-step", "p");
        Assert.DoesNotContain("Sync now", nextStep);
        Assert.Contains("Ask your district's Clever administrator to add (or re-authorize) Twig Science", nextStep);
        // The Roster card's next step and the panel's "What to do" say the same.
        Assert.Equal(page.TextOf("connection-todo", "dd"), page.TextOf("next-step", "p"));
        Assert.Contains(page.TextOf("connection-todo", "dd"), nextStep);
        var banner = page.TextOf("failure-banner", "div");
        Assert.Single(Regex.Matches(banner, "nobody was deactivated", RegexOptions.IgnoreCase));
        Assert.Equal("None while the Clever connection is disconnected.", page.TextOf("next-nightly", "dd"));
    }

    [Fact]
    public async Task After_a_401_while_clever_still_lists_the_token_the_panel_and_the_banner_give_the_same_next_step()
    {
        var (district, clever, _) = await SyncedAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        clever.Faults.Revoke();
        var run = await Fixture.SyncAsync(district.Id);
        Assert.Equal(SyncRunStatus.Failed, run.Status);

        var page = await owner.GetPageAsync("/district");

        var todo = page.TextOf("connection-todo", "dd");
        Assert.NotEqual("Nothing to do.", todo);
        Assert.Contains($"quote run #{run.Id}", todo);
        Assert.EndsWith(todo, page.TextOf("failure-next-step", "p"));
    }

    [Fact]
    public async Task The_failed_run_banner_reads_what_still_works_as_one_sentence()
    {
        var (district, clever, _) = await SyncedAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        clever.Faults.Revoke();
        await Fixture.SyncAsync(district.Id);

        var banner = (await owner.GetPageAsync("/district")).TextOf("failure-banner", "div");

        Assert.Matches(@"every class and person Twig already has, as of the last successful sync, [A-Z][a-z]{2} \d+, \d{4} \d+:\d\d (AM|PM) " +
            @"(PST|PDT) \([^()]+\)\.", banner);
    }

    [Fact]
    public async Task A_401_is_told_without_a_utc_time_baked_into_the_words()
    {
        var (district, clever, _) = await SyncedAsync();
        clever.Faults.Revoke();

        var run = await Fixture.SyncAsync(district.Id);

        Assert.StartsWith("Clever refused the district's token (401) during a sync.", run.Message);
        Assert.DoesNotContain("UTC", run.Message);
        Assert.DoesNotContain("UTC", (await ConnectionAsync(district.Id)).StateReason);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var console = $"/support/districts/{district.Id}";
        await admin.SubmitFormAsync(console, new Dictionary<string, string> { ["returnUrl"] = console },
            $"/districts/{district.Id}/clever?handler=Recheck");
        var notice = (await admin.GetPageAsync(console)).Html;
        Assert.Contains("Re-checked with Clever:", notice);
        Assert.DoesNotContain("(checked 20", notice);
    }
}
