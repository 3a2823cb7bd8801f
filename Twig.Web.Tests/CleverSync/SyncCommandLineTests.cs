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

    public void Dispose()
    {
        TwigProcess.DeleteDatabase(_database);
    }
}
