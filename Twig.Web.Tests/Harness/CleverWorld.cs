using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Sandbox;
using Twig.Sandbox.Configuration;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Features.CleverSync.Runs;

namespace Twig.Web.Tests.Harness;

/// <summary>
/// A fresh sandbox Clever district per test (unique seed), linked to a fresh Twig district through the real
/// discovery and approval path, plus helpers to run syncs the way the worker does.
/// </summary>
public static class CleverWorld
{
    // Which seed a test gets depends on the order tests run in; TWIG_TEST_SEED moves the whole range so a run can try
    // other districts (a test must hold for any seed).
    private static int _seed = int.TryParse(Environment.GetEnvironmentVariable("TWIG_TEST_SEED"), out var start) ? start : 1000;

    public static CleverSandbox Sandbox(this SliceFixture fixture) => fixture.Services.GetRequiredService<CleverSandbox>();

    public static SandboxDistrict NewSandboxDistrict(this SliceFixture fixture, int students = 60, int? teachers = null, int? schools = null, bool connected = true)
    {
        var seed = Interlocked.Increment(ref _seed);
        return fixture.Sandbox().AddDistrict(new SandboxDistrictOptions
        {
            Name = $"Sandbox District {seed}", Seed = seed, Students = students, Teachers = teachers, Schools = schools, Connected = connected,
        });
    }

    /// <summary>Discovers the sandbox district and approves it for a new Twig district, without an initial run.</summary>
    public static async Task<(District District, SandboxDistrict Clever)> ConnectedDistrictAsync(this SliceFixture fixture,
        int students = 60, int seats = 10_000, int? teachers = null, int? schools = null, int thresholdPercent = District.DefaultDeactivationThresholdPercent)
    {
        var clever = fixture.NewSandboxDistrict(students, teachers, schools);
        var district = await fixture.InsertDistrictAsync($"d{clever.Options.Seed}", seats);
        await fixture.SendAsync(new DiscoverConnections.Command());
        var connectionId = await fixture.ExecuteDbContextAsync(db =>
            db.CleverConnections.Where(c => c.CleverDistrictId == clever.Id).Select(c => c.Id).SingleAsync());
        await fixture.SendAsync(new ApproveConnection.Command { ConnectionId = connectionId, DistrictSlug = district.Slug, ConfirmedSlug = district.Slug });
        if (thresholdPercent != District.DefaultDeactivationThresholdPercent)
            await fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.DeactivationThresholdPercent, thresholdPercent)));
        return (district, clever);
    }

    /// <summary>Queues an on-demand run and executes it as the worker would; returns the finished run with counts.</summary>
    public static async Task<SyncRun> SyncAsync(this SliceFixture fixture, int districtId, SyncTrigger trigger = SyncTrigger.OnDemand)
    {
        var request = await fixture.SendAsync(new RequestSync.Command(districtId, trigger));
        Assert.True(request.RunId is not null, request.Refusal);
        await fixture.ProcessQueueAsync(districtId);
        return await fixture.RunAsync(request.RunId!.Value);
    }

    public static Task ProcessQueueAsync(this SliceFixture fixture, int? districtId = null) =>
        fixture.ExecuteScopeAsync(async sp =>
        {
            var queue = sp.GetRequiredService<SyncQueue>();
            while (await queue.ProcessNextAsync("test-worker", CancellationToken.None, districtId) is not null)
            {
            }
        });

    public static Task<SyncRun> RunAsync(this SliceFixture fixture, int runId) =>
        fixture.ExecuteDbContextAsync(db => db.SyncRuns.AsNoTracking().Include(r => r.Counts).Include(r => r.Issues).SingleAsync(r => r.Id == runId));

    public static SyncRunCount Count(this SyncRun run, RosterEntityType type) => run.Counts.Single(c => c.EntityType == type);

    /// <summary>Lets a test that reuses the on-demand trigger skip the five-minute cooldown.</summary>
    public static Task ForgetOnDemandRunsAsync(this SliceFixture fixture, int districtId) =>
        fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.DistrictId == districtId && r.Trigger == SyncTrigger.OnDemand)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RequestedAt, r => r.RequestedAt.AddHours(-1))));
}
