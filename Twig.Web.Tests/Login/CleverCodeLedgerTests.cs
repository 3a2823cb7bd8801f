using System.Net;
using System.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.Login.Clever;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Login;

/// <summary>A Clever code is spent the moment Twig sees it, on every instance: a portal code lifted from a shared computer signs nobody in.</summary>
public sealed class CleverCodeLedgerTests(SliceFixture fixture) : SliceTest(fixture)
{
    private async Task<(string CleverDistrictId, string StudentId)> SyncedStudentAsync()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 30);
        await Fixture.SyncAsync(district.Id);
        return (clever.Id, clever.Roster.AnyStudent().Id);
    }

    /// <summary>The victim clicks Twig in the Clever portal; the code without state reaches Twig (and stays in the browser's history).</summary>
    private static async Task<string> VictimLaunchesFromPortalAsync(TwigSession victim, string cleverDistrictId, string studentId)
    {
        var launch = await victim.GetAsync($"/sandbox/clever/portal/launch?district_id={cleverDistrictId}&user_id={studentId}");
        var arrival = launch.Headers.Location!.ToString();
        var frontDoor = await victim.GetAsync(arrival);
        Assert.Contains("/sandbox/clever/oauth/authorize", frontDoor.Headers.Location!.ToString());
        return HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), arrival).Query)["code"]!;
    }

    /// <summary>The attacker starts their own Clever sign-in (so Twig holds their correlation cookie) and sends the stolen code with their state.</summary>
    private static async Task<HttpResponseMessage> AttackerReplaysAsync(TwigSession attacker, string stolenCode)
    {
        var authorize = await attacker.PressButtonAsync("clever");
        var state = HttpUtility.ParseQueryString(authorize.Query)["state"]!;
        return await attacker.GetAsync($"/signin-clever?code={Uri.EscapeDataString(stolenCode)}&state={Uri.EscapeDataString(state)}");
    }

    [Fact]
    public async Task A_portal_code_replayed_with_the_attackers_own_state_signs_nobody_in()
    {
        var (cleverDistrictId, studentId) = await SyncedStudentAsync();
        using var victim = Fixture.CreateSession();
        var code = await VictimLaunchesFromPortalAsync(victim, cleverDistrictId, studentId);

        using var attacker = Fixture.CreateSession();
        var replay = await AttackerReplaysAsync(attacker, code);

        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/sandbox/clever/oauth/authorize", replay.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.GetAsync("/classes")).StatusCode);
    }

    [Fact]
    public async Task Two_instances_on_one_database_share_the_ledger()
    {
        var (cleverDistrictId, studentId) = await SyncedStudentAsync();
        using var victim = Fixture.CreateSession();
        var code = await VictimLaunchesFromPortalAsync(victim, cleverDistrictId, studentId);

        // A second Twig on the same database, talking to the same Clever (the first instance's sandbox).
        var clever = Fixture.BaseAddress.ToString().TrimEnd('/');
        await using var second = new TwigFactory(new SqliteConnectionStringBuilder(Fixture.ConnectionString).DataSource, new Dictionary<string, string?>
        {
            ["Clever:OAuthBaseUrl"] = clever + "/sandbox/clever",
            ["Clever:ApiBaseUrl"] = clever + "/sandbox/clever-api",
        });
        second.StartServer();
        using var attacker = new TwigSession(AddressOf(second));
        var replay = await AttackerReplaysAsync(attacker, code);

        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/sandbox/clever/oauth/authorize", replay.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.GetAsync("/classes")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_claims_of_one_code_let_exactly_one_through()
    {
        var ledger = Fixture.Services.GetRequiredService<CleverCodeLedger>();

        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => ledger.TryClaimAsync("double-click", CancellationToken.None))));

        Assert.Single(claims, won => won);
        Assert.False(await ledger.TryClaimAsync("double-click", CancellationToken.None));
    }

    [Fact]
    public async Task Rows_long_past_a_codes_life_are_deleted_and_no_code_is_stored_in_clear()
    {
        var old = new UsedSignInCode { CodeHash = CleverCodeLedger.Hash("old"), SeenAt = DateTime.UtcNow - CleverCodeLedger.Remember - TimeSpan.FromMinutes(1) };
        await Fixture.InsertAsync(old);
        var ledger = Fixture.Services.GetRequiredService<CleverCodeLedger>();

        Assert.True(await ledger.TryClaimAsync("fresh-code", CancellationToken.None));

        var stored = await Fixture.ExecuteDbContextAsync(db => db.UsedSignInCodes.Select(c => c.CodeHash).ToListAsync());
        Assert.Equal([CleverCodeLedger.Hash("fresh-code")], stored);
        Assert.DoesNotContain("fresh-code", stored[0]);
    }

    private static Uri AddressOf(TwigFactory factory)
    {
        var server = factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>();
        return new Uri(server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
    }
}
