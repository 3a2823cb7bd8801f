using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

public sealed class ConnectionTests(SliceFixture fixture) : SliceTest(fixture)
{
    private Task<CleverConnection> ConnectionAsync(string cleverId) =>
        Fixture.ExecuteDbContextAsync(db => db.CleverConnections.AsNoTracking().SingleAsync(c => c.CleverDistrictId == cleverId));

    [Fact]
    public async Task A_newly_connected_district_appears_pending_with_its_clever_name_and_an_encrypted_token()
    {
        var clever = Fixture.NewSandboxDistrict();

        var found = await Fixture.SendAsync(new DiscoverConnections.Command());

        Assert.True(found.New >= 1);
        var connection = await ConnectionAsync(clever.Id);
        Assert.Equal(CleverConnectionState.PendingApproval, connection.State);
        Assert.Equal(clever.Name, connection.CleverDistrictName);
        Assert.DoesNotContain(clever.Token, connection.ProtectedToken);
        Assert.Equal(clever.Token, Fixture.Services.GetRequiredService<CleverTokenProtector>().Unprotect(connection.ProtectedToken!));
    }

    [Fact]
    public async Task A_district_that_has_not_connected_the_app_is_not_listed()
    {
        var clever = Fixture.NewSandboxDistrict(connected: false);

        await Fixture.SendAsync(new DiscoverConnections.Command());

        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.AnyAsync(c => c.CleverDistrictId == clever.Id)));
    }

    [Fact]
    public async Task Approving_with_a_new_district_creates_it_and_queues_the_initial_sync()
    {
        var clever = Fixture.NewSandboxDistrict();
        await Fixture.SendAsync(new DiscoverConnections.Command());
        var connection = await ConnectionAsync(clever.Id);

        var approved = await Fixture.SendAsync(new ApproveConnection.Command { ConnectionId = connection.Id, DistrictSlug = "fresh", CreateDistrict = true, NewName = "Fresh USD", NewSeats = 500, RunInitialSync = true });

        var district = await Fixture.ExecuteDbContextAsync(db => db.Districts.Include(d => d.Subscription).SingleAsync(d => d.Slug == "fresh"));
        Assert.Equal(approved.DistrictId, district.Id);
        Assert.Equal(500, district.Subscription!.LicensedStudentSeats);
        var run = await Fixture.RunAsync(approved.InitialRunId!.Value);
        Assert.Equal(SyncTrigger.Initial, run.Trigger);
        Assert.Equal(SyncRunStatus.Queued, run.Status);
        Assert.Equal(CleverConnectionState.Connected, (await ConnectionAsync(clever.Id)).State);
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "connection.approved" && a.DistrictId == district.Id)));
    }

    [Fact]
    public async Task Approving_with_a_new_district_refuses_a_slug_the_sign_in_pages_use()
    {
        var clever = Fixture.NewSandboxDistrict();
        await Fixture.SendAsync(new DiscoverConnections.Command());
        var connection = await ConnectionAsync(clever.Id);

        var approval = new ApproveConnection.Command
        {
            ConnectionId = connection.Id, DistrictSlug = "reset", CreateDistrict = true, NewName = "Reset USD", NewSeats = 500,
        };
        var refusal = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => Fixture.SendAsync(approval));

        Assert.Contains(NewDistricts.SlugReserved("reset"), refusal.Errors.Select(e => e.ErrorMessage));
        Assert.Equal(CleverConnectionState.PendingApproval, (await ConnectionAsync(clever.Id)).State);
        Assert.Equal(0, await Fixture.CountAsync<District>());
    }

    [Fact]
    public async Task The_district_may_ask_for_no_initial_sync()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync();

        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.AnyAsync(r => r.DistrictId == district.Id)));
    }

    [Fact]
    public async Task A_rotated_token_replaces_the_stored_one()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync();
        var rotated = Fixture.Sandbox().RotateToken(clever.Id);

        var found = await Fixture.SendAsync(new DiscoverConnections.Command());

        Assert.True(found.Rotated >= 1);
        var connection = await ConnectionAsync(clever.Id);
        Assert.Equal(rotated, Fixture.Services.GetRequiredService<CleverTokenProtector>().Unprotect(connection.ProtectedToken!));
        var run = await Fixture.SyncAsync(district.Id);
        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
    }

    [Fact]
    public async Task A_district_whose_token_disappears_is_disconnected_and_nobody_is_deactivated()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync();
        await Fixture.SyncAsync(district.Id);
        Fixture.Sandbox().Disconnect(clever.Id);

        var found = await Fixture.SendAsync(new DiscoverConnections.Command());

        Assert.True(found.Disconnected >= 1);
        var connection = await ConnectionAsync(clever.Id);
        Assert.Equal(CleverConnectionState.Disconnected, connection.State);
        Assert.Contains("no longer lists a token", connection.StateReason);
        Assert.All((await Fixture.TwigPeopleAsync(district.Id)).Values, Assert.True);
    }

    [Fact]
    public async Task Approving_a_connection_for_a_district_already_linked_is_refused()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync();
        var second = Fixture.NewSandboxDistrict();
        await Fixture.SendAsync(new DiscoverConnections.Command());
        var connection = await ConnectionAsync(second.Id);

        var refusal = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() =>
            Fixture.SendAsync(new ApproveConnection.Command { ConnectionId = connection.Id, DistrictSlug = district.Slug, RunInitialSync = true }));

        Assert.Contains("already linked", refusal.Message);
    }

    [Fact]
    public async Task Rejecting_keeps_the_connection_out_of_every_sync()
    {
        var clever = Fixture.NewSandboxDistrict();
        await Fixture.SendAsync(new DiscoverConnections.Command());
        var connection = await ConnectionAsync(clever.Id);

        Assert.True(await Fixture.SendAsync(new RejectConnection.Command(connection.Id)));

        Assert.Equal(CleverConnectionState.Rejected, (await ConnectionAsync(clever.Id)).State);
        _ = Fixture.Services.GetRequiredService<IDataProtectionProvider>();
    }
}
