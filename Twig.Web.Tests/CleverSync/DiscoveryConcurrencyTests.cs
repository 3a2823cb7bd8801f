using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// Discovery and approval are "insert if absent": run at the same moment (the schedule and an operator, two
/// instances) they must record each Clever district once and never fail on the unique index.
/// </summary>
public sealed class DiscoveryConcurrencyTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Four_discoveries_at_the_same_moment_record_each_new_district_once()
    {
        var first = Fixture.NewSandboxDistrict(students: 5);
        var second = Fixture.NewSandboxDistrict(students: 5);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Fixture.SendAsync(new DiscoverConnections.Command())));

        var rows = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections
            .Where(c => c.CleverDistrictId == first.Id || c.CleverDistrictId == second.Id).Select(c => c.CleverDistrictId).ToListAsync());
        Assert.Equal(2, rows.Count);
        // The sandbox also lists earlier tests' districts, all new to this clean database: each is reported new by exactly one discovery.
        Assert.Equal(await Fixture.CountAsync<CleverConnection>(), results.Sum(r => r.New));
    }

    [Fact]
    public async Task A_connection_lost_seen_by_four_discoveries_and_a_check_at_the_same_moment_tells_the_owner_once()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 5);
        await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        Fixture.Sandbox().Disconnect(clever.Id);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => (Task)Fixture.SendAsync(new DiscoverConnections.Command()))
            .Append(Fixture.SendAsync(new CheckConnection.Command(district.Id, AfterUnauthorized: true))));

        Task<int> NoticesAsync() => Fixture.ExecuteDbContextAsync(db =>
            db.Notifications.CountAsync(n => n.Kind == NotificationKind.Disconnected && n.DistrictId == district.Id));
        Assert.Equal(1, await NoticesAsync());
        var connection = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.SingleAsync(c => c.DistrictId == district.Id));
        Assert.Equal(CleverConnectionState.Disconnected, connection.State);

        // SQLite runs those one after another; on SQL Server another instance may read the connection as connected before the
        // first commit and report the same loss (Clever last listed it at the same moment) again.
        await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.Id == connection.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CleverConnectionState.Connected)));
        await Fixture.SendAsync(new DiscoverConnections.Command());
        Assert.Equal(1, await NoticesAsync());
    }

    [Fact]
    public async Task A_district_name_longer_than_twig_stores_is_shortened_and_keeps_no_other_district_out()
    {
        var longName = Fixture.Sandbox().AddDistrict(new Sandbox.Configuration.SandboxDistrictOptions
        {
            Name = "The " + string.Concat(Enumerable.Repeat("Very Long Unified School ", 12)) + "District", Seed = 9_001, Students = 5,
        });
        var other = Fixture.NewSandboxDistrict(students: 5);

        await Fixture.SendAsync(new DiscoverConnections.Command());

        var names = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections
            .Where(c => c.CleverDistrictId == longName.Id || c.CleverDistrictId == other.Id)
            .ToDictionaryAsync(c => c.CleverDistrictId, c => c.CleverDistrictName));
        Assert.Equal(2, names.Count);
        Assert.Equal(200, names[longName.Id].Length);
        Assert.StartsWith("The Very Long Unified School", names[longName.Id], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_approvals_of_one_connection_at_the_same_moment_create_one_district_and_one_initial_run()
    {
        var clever = Fixture.NewSandboxDistrict(students: 5);
        await Fixture.SendAsync(new DiscoverConnections.Command());
        var connectionId = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.CleverDistrictId == clever.Id).Select(c => c.Id).SingleAsync());

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Fixture.SendAsync(new ApproveConnection.Command { ConnectionId = connectionId, DistrictSlug = "raced", CreateDistrict = true, NewName = "Raced USD", NewSeats = 100, RunInitialSync = true })));

        var district = await Fixture.ExecuteDbContextAsync(db => db.Districts.SingleAsync(d => d.Slug == "raced"));
        Assert.All(results, r => Assert.Equal(district.Id, r.DistrictId));
        Assert.Single(results, r => r.InitialRunId is not null);
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.CountAsync(r => r.DistrictId == district.Id)));
        var connection = (await Fixture.FindAsync<CleverConnection>(connectionId))!;
        Assert.Equal((CleverConnectionState.Connected, district.Id), (connection.State, connection.DistrictId));
    }

    [Fact]
    public async Task Two_connections_commands_at_the_same_moment_on_a_fresh_database_never_crash()
    {
        var database = TwigProcess.TempDatabasePath();
        try
        {
            var settings = TwigProcess.FreshDatabase(database);
            settings["Sandbox__Enabled"] = "true";
            settings["Clever__OAuthBaseUrl"] = "/sandbox/clever";
            settings["Clever__ApiBaseUrl"] = "/sandbox/clever-api";
            settings["Clever__ClientId"] = "sandbox-clever-client";
            settings["Clever__ClientSecret"] = "sandbox-clever-secret";
            for (var i = 0; i < 3; i++)
            {
                settings[$"Sandbox__Districts__{i}__Id"] = $"5d0c0ffee0de00000000c0d{i}";
                settings[$"Sandbox__Districts__{i}__Name"] = $"Raced USD {i}";
                settings[$"Sandbox__Districts__{i}__Seed"] = $"{90 + i}";
                settings[$"Sandbox__Districts__{i}__Students"] = "5";
            }

            var outcomes = await Task.WhenAll(TwigProcess.RunAsync(settings, "connections"), TwigProcess.RunAsync(settings, "connections"));

            Assert.All(outcomes, o => Assert.True(o.ExitCode == 0 && !o.Error.Contains("   at ", StringComparison.Ordinal), o.Output + o.Error));
            Assert.All(outcomes, o => Assert.Contains("5d0c0ffee0de00000000c0d0  PendingApproval  Raced USD 0", o.Output));
            Assert.Equal(3L, await TwigProcess.ScalarAsync(database, "SELECT COUNT(*) FROM CleverConnections"));
        }
        finally
        {
            TwigProcess.DeleteDatabase(database);
        }
    }
}
