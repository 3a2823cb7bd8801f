using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>The operator verbs as real processes: the sandbox lives inside the process (served on a private loopback port).</summary>
public sealed class SyncCommandLineTests : IDisposable
{
    private readonly string _database = TwigProcess.TempDatabasePath();

    private Dictionary<string, string> Settings()
    {
        var settings = TwigProcess.FreshDatabase(_database);
        settings["Sandbox__Enabled"] = "true";
        settings["Clever__OAuthBaseUrl"] = "/sandbox/clever";
        settings["Clever__ApiBaseUrl"] = "/sandbox/clever-api";
        settings["Clever__ClientId"] = "sandbox-clever-client";
        settings["Clever__ClientSecret"] = "sandbox-clever-secret";
        settings["Sandbox__Districts__0__Id"] = "5d0c0ffee0de0000000000c1";
        settings["Sandbox__Districts__0__Name"] = "Command Line USD";
        settings["Sandbox__Districts__0__Seed"] = "77";
        settings["Sandbox__Districts__0__Students"] = "50";
        return settings;
    }

    [Fact]
    public async Task Connections_approve_sync_and_status_work_end_to_end()
    {
        var settings = Settings();

        var listed = await TwigProcess.RunAsync(settings, "connections");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("5d0c0ffee0de0000000000c1  PendingApproval  Command Line USD", listed.Output);
        Assert.Matches(@"Clever lists \d+ connected districts?: \d+ new, \d+ tokens? renewed, \d+ disconnected\.", listed.Output);

        var approved = await TwigProcess.RunAsync(settings, "approve-connection", "5d0c0ffee0de0000000000c1", "--district", "cli", "--create", "--name", "Command Line USD", "--seats", "500");
        Assert.Equal(0, approved.ExitCode);
        Assert.Contains("Initial sync queued as run", approved.Output);

        var synced = await TwigProcess.RunAsync(settings, "sync", "cli", "--wait");
        Assert.Equal(0, synced.ExitCode);
        Assert.Contains("Succeeded", synced.Output);
        Assert.Matches(@"Person\s+created \d+", synced.Output);

        var status = await TwigProcess.RunAsync(settings, "sync-status", "cli");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("Command Line USD: Clever Connected", status.Output);
        Assert.Contains("Initial", status.Output);
    }

    [Fact]
    public async Task Sync_status_reads_the_day_nightly_syncs_are_paused_until_as_the_pages_do()
    {
        var settings = Settings();
        await TwigProcess.RunAsync(settings, "create-district", "--name", "Paused", "--slug", "paused", "--seats", "5");
        var until = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
        await TwigProcess.ScalarAsync(_database, "UPDATE Districts SET NightlyPausedUntil = '"
            + until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "', NightlyPauseReason = 'Winter break'");

        var status = await TwigProcess.RunAsync(settings, "sync-status", "paused");

        Assert.Equal(0, status.ExitCode);
        var read = until.ToString("MMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US"));
        Assert.Contains($"Nightly syncs paused until {read}: Winter break", status.Output);
    }

    [Fact]
    public async Task Sync_of_an_unknown_district_exits_2_and_of_an_unconnected_one_exits_1()
    {
        var settings = Settings();
        var unknown = await TwigProcess.RunAsync(settings, "sync", "nowhere");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no district with the slug 'nowhere'", unknown.Error);

        await TwigProcess.RunAsync(settings, "create-district", "--name", "Paper", "--slug", "paper", "--seats", "5");
        var unconnected = await TwigProcess.RunAsync(settings, "sync", "paper", "--wait");
        Assert.Equal(1, unconnected.ExitCode);
        Assert.Contains("not connected", unconnected.Error);
    }

    [Fact]
    public async Task Sync_wait_never_reports_a_finished_run_reconnect_rechecks_and_sync_status_says_would_deactivate_for_a_held_run()
    {
        var settings = Settings();
        await TwigProcess.RunAsync(settings, "connections");
        await TwigProcess.RunAsync(settings, "approve-connection", "5d0c0ffee0de0000000000c1", "--district", "cli", "--create", "--name", "Command Line USD", "--seats", "500", "--no-initial-sync");
        var first = await TwigProcess.RunAsync(settings, "sync", "cli", "--wait");
        Assert.Equal(0, first.ExitCode);
        var firstRun = await TwigProcess.ScalarAsync(_database, "SELECT MAX(Id) FROM SyncRuns");

        // Within the cooldown, with nothing queued or running: refused with when the next one is possible, never the old run's result.
        var again = await TwigProcess.RunAsync(settings, "sync", "cli", "--wait");
        Assert.Equal(1, again.ExitCode);
        Assert.Matches($@"Run #{firstRun} was started .+ and has finished; you can sync again in .+ \(at \d{{1,2}}:\d\d (AM|PM) (PST|PDT)\)\.", again.Error);
        Assert.DoesNotContain("already queued or running", again.Output);
        Assert.DoesNotContain("Succeeded", again.Output);
        Assert.Equal(1, await TwigProcess.ScalarAsync(_database, "SELECT COUNT(*) FROM SyncRuns"));

        // A district shown as disconnected while Clever still lists it: reconnect asks Clever and connects it again.
        await TwigProcess.ScalarAsync(_database, "UPDATE CleverConnections SET State = 4");
        var reconnect = await TwigProcess.RunAsync(settings, "reconnect", "cli");
        Assert.Equal(0, reconnect.ExitCode);
        Assert.Contains("cli: Clever Connected. Clever lists the district's connection", reconnect.Output);
        Assert.Equal(1, await TwigProcess.ScalarAsync(_database, "SELECT COUNT(*) FROM AuditEvents WHERE Action = 'connection.rechecked'"));

        // Clever now shares far fewer students: the run is held, and sync-status does not show the deactivations as done.
        settings["Sandbox__Districts__0__Students"] = "5";
        settings["Sync__OnDemandCooldown"] = "00:00:00";
        var held = await TwigProcess.RunAsync(settings, "sync", "cli", "--wait");
        Assert.Equal(1, held.ExitCode);
        Assert.Contains("HeldForReview", held.Output);
        var status = await TwigProcess.RunAsync(settings, "sync-status", "cli");
        Assert.Matches(@"HeldForReview\s+people: nothing applied, would deactivate \d+", status.Output);
        Assert.DoesNotMatch(@"HeldForReview\s+people \+", status.Output);
    }

    [Fact]
    public async Task Sync_wait_redirected_prints_each_phase_as_a_plain_progress_line()
    {
        var settings = Settings();
        await TwigProcess.RunAsync(settings, "connections");
        await TwigProcess.RunAsync(settings, "approve-connection", "5d0c0ffee0de0000000000c1", "--district", "cli", "--create",
            "--name", "Command Line USD", "--seats", "500", "--no-initial-sync");

        var synced = await TwigProcess.RunAsync(settings, "sync", "cli", "--wait");

        Assert.Equal(0, synced.ExitCode);
        var lines = synced.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var phases = new[] { "FetchingSchools", "FetchingPeople", "FetchingSections", "Planning", "Applying" }
            .Select(phase => lines.IndexOf($"  {phase}…")).ToList();
        Assert.All(phases, index => Assert.True(index >= 0, synced.Output));
        Assert.Equal(phases.Order(), phases);
        Assert.True(phases[^1] < lines.FindIndex(l => l.StartsWith("Run ", StringComparison.Ordinal) && l.Contains("Succeeded")), synced.Output);
        Assert.DoesNotContain("\u001b[", synced.Output);
    }

    [Fact]
    public async Task Reconnect_of_a_district_clever_no_longer_lists_exits_1_and_says_so()
    {
        var settings = Settings();
        await TwigProcess.RunAsync(settings, "connections");
        await TwigProcess.RunAsync(settings, "approve-connection", "5d0c0ffee0de0000000000c1", "--district", "cli", "--create", "--name", "Command Line USD", "--seats", "500", "--no-initial-sync");
        settings["Sandbox__Districts__0__Connected"] = "false";

        var reconnect = await TwigProcess.RunAsync(settings, "reconnect", "cli");

        Assert.Equal(1, reconnect.ExitCode);
        Assert.Contains("cli: Clever Disconnected. Clever no longer lists a token for this district", reconnect.Output);
    }

    [Fact]
    public async Task A_command_run_while_the_mail_catchers_port_is_served_elsewhere_logs_one_line_and_no_stack_trace()
    {
        using var web = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        web.Start();
        var settings = Settings();
        settings["Sandbox__Mail__Port"] = ((System.Net.IPEndPoint)web.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var listed = await TwigProcess.RunAsync(settings, "connections");

        Assert.Equal(0, listed.ExitCode);
        var all = listed.Output + listed.Error;
        Assert.Single(all.Split('\n'), line => line.Contains("already served elsewhere", StringComparison.Ordinal));
        Assert.DoesNotContain("SocketException", all);
        Assert.DoesNotContain("   at ", all);
    }

    public void Dispose()
    {
        TwigProcess.DeleteDatabase(_database);
    }
}
