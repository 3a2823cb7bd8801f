using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// The rules about runs and connections stated once in Domain: the succeeded and active predicates (in memory and as EF reads them),
/// the "not connected" words "Sync now" shows and refuses with, and the one run-progress read behind both JSON endpoints.
/// </summary>
public sealed class RunRulesTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly SyncRunStatus[] Succeeded = [SyncRunStatus.Succeeded, SyncRunStatus.SucceededWithWarnings];
    private static readonly SyncRunStatus[] Active = [SyncRunStatus.Queued, SyncRunStatus.Running];

    public static TheoryData<SyncRunStatus> Statuses() => new(Enum.GetValues<SyncRunStatus>());

    [Theory]
    [MemberData(nameof(Statuses))]
    public void A_run_succeeded_when_it_applied_its_changes_and_is_active_until_it_ends(SyncRunStatus status)
    {
        var run = new SyncRun { Status = status };

        Assert.Equal(Succeeded.Contains(status), status.IsSuccess());
        Assert.Equal(Active.Contains(status), status.IsActive());
        Assert.Equal(status.IsSuccess(), SyncRun.Succeeded.Compile()(run));
        Assert.Equal(status.IsActive(), SyncRun.Active.Compile()(run));
        Assert.Equal(!status.IsActive(), run.IsFinished);
        Assert.Equal(status.IsSuccess(), status.Applied());
    }

    [Fact]
    public async Task The_database_reads_the_same_runs_as_succeeded_and_active_directly_and_inside_a_projection()
    {
        // One district per status: a district holds at most one active run.
        var statuses = Enum.GetValues<SyncRunStatus>();
        var districts = new Dictionary<SyncRunStatus, District>();
        foreach (var status in statuses) districts[status] = await Fixture.InsertDistrictAsync($"rules-{(int)status}");
        await Fixture.InsertAsync(statuses.Select(s => (object)new SyncRun
        {
            DistrictId = districts[s].Id, Status = s, Trigger = SyncTrigger.Nightly, RequestedBy = "test", RequestedAt = DateTime.UtcNow,
        }).ToArray());
        var ids = districts.Values.Select(d => d.Id).ToList();

        var (succeeded, active, projected) = await Fixture.ExecuteDbContextAsync(async db =>
        {
            var runs = db.SyncRuns.Where(r => ids.Contains(r.DistrictId));
            var ok = await runs.Where(SyncRun.Succeeded).Select(r => r.Status).ToListAsync();
            var going = await runs.Where(SyncRun.Active).Select(r => r.Status).ToListAsync();
            var perDistrict = await db.Districts.Where(d => ids.Contains(d.Id))
                .Select(d => new
                {
                    d.Id,
                    Succeeded = db.SyncRuns.Where(r => r.DistrictId == d.Id).Any(SyncRun.Succeeded),
                    Running = db.SyncRuns.Where(r => r.DistrictId == d.Id).Any(SyncRun.Active),
                })
                .ToListAsync();
            return (ok, going, perDistrict.ToDictionary(p => p.Id, p => (p.Succeeded, p.Running)));
        });

        Assert.Equal(Succeeded.Order(), succeeded.Order());
        Assert.Equal(Active.Order(), active.Order());
        foreach (var status in statuses)
            Assert.Equal((status.IsSuccess(), status.IsActive()), projected[districts[status].Id]);
    }

    public static TheoryData<DistrictConnectionState> ConnectionStates() => new(Enum.GetValues<DistrictConnectionState>());

    [Theory]
    [MemberData(nameof(ConnectionStates))]
    public void Only_a_live_connection_syncs_and_every_other_state_says_why_in_its_own_words(DistrictConnectionState state)
    {
        var refusal = state.SyncRefusal();

        var live = state is DistrictConnectionState.Connected or DistrictConnectionState.Rechecking;
        Assert.Equal(live, refusal is null);
        if (refusal is not null)
        {
            Assert.EndsWith(".", refusal);
            Assert.Single(Enum.GetValues<DistrictConnectionState>(), s => s.SyncRefusal() == refusal);
        }
        Assert.False(string.IsNullOrWhiteSpace(state.Describe()));
        Assert.NotEqual(state.ToString(), state.NextStep());
    }

    [Fact]
    public async Task Sync_now_refuses_a_district_not_on_Clever_with_the_words_its_button_shows()
    {
        var district = await Fixture.InsertDistrictAsync("rules-not-on-clever");

        var unavailable = await Fixture.SendAsync(new SyncNow.UnavailableQuery(district.Id));
        var refused = await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.OnDemand));
        var pressed = await Fixture.SendAsync(new SyncNow.Command(district.Id));

        var words = DistrictConnectionState.NotOnClever.SyncRefusal();
        Assert.Equal(words, unavailable?.Reason);
        Assert.Equal(words, refused.Refusal);
        Assert.Equal((null, false, words), (pressed.RunId, pressed.Started, pressed.Notice));
        Assert.Equal(0, await Fixture.CountAsync<SyncRun>());
    }

    [Fact]
    public async Task The_dashboard_and_the_run_page_serve_the_same_progress_of_a_run()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 10);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var pressed = await Fixture.SendAsync(new SyncNow.Command(district.Id));
        Assert.True(pressed.Started);
        var runId = pressed.RunId!.Value;

        var fromDashboard = await TextAsync(owner, $"/district?handler=Progress&run={runId}");
        var fromRunPage = await TextAsync(owner, $"/districts/{district.Id}/sync/runs/{runId}?handler=Progress");

        Assert.Equal(fromDashboard, fromRunPage);
        var progress = JsonDocument.Parse(fromDashboard).RootElement;
        Assert.Equal(runId, progress.GetProperty("runId").GetInt32());
        Assert.False(progress.GetProperty("finished").GetBoolean());
    }

    private static async Task<string> TextAsync(TwigSession session, string url)
    {
        var response = await session.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
