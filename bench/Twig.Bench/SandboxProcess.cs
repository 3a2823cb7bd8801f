using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Twig.Sandbox;
using Twig.Sandbox.Configuration;

namespace Twig.Bench;

/// <summary>
/// The Clever sandbox in a process of its own (<c>sandbox-host</c>), so the bench process's working set is Twig's alone:
/// the sandbox keeps its whole district in memory and serialises its pages, which in one process would be counted as
/// Twig's. The districts are fixed when the process starts; overnight changes go through the sandbox's control page
/// (<c>POST /sandbox/control/{district}/{action}</c>), as a person testing by hand would make them.
/// </summary>
internal sealed partial class SandboxProcess : IBenchClever, IDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, CleverDistrict> _districts;
    private readonly HttpClient _control;

    private SandboxProcess(Process process, Uri address, Dictionary<string, CleverDistrict> districts)
    {
        _process = process;
        Address = address;
        _districts = districts;
        _control = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
    }

    public Uri Address { get; }

    /// <summary>The sandbox process's working set now (what it holds for its districts), in MB.</summary>
    public double WorkingSetMb
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64 / 1048576.0;
        }
    }

    /// <summary>Starts the bench executable again as <c>sandbox-host</c> with these districts and waits until it listens.</summary>
    public static async Task<SandboxProcess> StartAsync(IReadOnlyList<SandboxDistrictOptions> districts)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Run by `dotnet Twig.Bench.dll` the process path is the host: the assembly comes first.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(SandboxProcess).Assembly.Location);
        start.ArgumentList.Add("sandbox-host");
        foreach (var d in districts)
            start.ArgumentList.Add(string.Join(',', d.Name, d.Seed, d.Students, d.Teachers ?? d.Students / 20, d.Schools ?? Math.Max(1, d.Students / 200)));
        var process = Process.Start(start) ?? throw new InvalidOperationException("sandbox-host did not start.");
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith(ReadyPrefix, StringComparison.Ordinal)) continue;
            var ready = JsonSerializer.Deserialize<Ready>(line[ReadyPrefix.Length..])!;
            var byName = ready.Districts.ToDictionary(d => d.Name, d => new CleverDistrict(d.Id, d.Token, d.Students, null), StringComparer.Ordinal);
            Console.WriteLine($"Clever sandbox in process {process.Id} on {ready.Address}");
            return new SandboxProcess(process, new Uri(ready.Address), byName);
        }
        throw new InvalidOperationException("sandbox-host ended before it listened.");
    }

    public Task<CleverDistrict> AddDistrictAsync(SandboxDistrictOptions options) =>
        Task.FromResult(_districts.TryGetValue(options.Name, out var district)
            ? district
            : throw new InvalidOperationException($"sandbox-host was not started with district '{options.Name}'."));

    /// <summary>The same night as <see cref="SyncScenarios.OvernightChanges"/>, through the control page.</summary>
    public async Task<string> OvernightChangesAsync(CleverDistrict clever)
    {
        var students = await ChangeAsync(clever, "add-students", ("percent", "1"));
        var teachers = await ChangeAsync(clever, "add-teachers", ("percent", "1"));
        var renamedStudents = await ChangeAsync(clever, "update-names", ("type", "student"), ("percent", "0.5"));
        var emailStudents = await ChangeAsync(clever, "update-emails", ("type", "student"), ("percent", "0.5"));
        var renamedTeachers = await ChangeAsync(clever, "update-names", ("type", "teacher"), ("percent", "1"));
        var moved = await ChangeAsync(clever, "move-students", ("count", Math.Max(1, clever.Students / 100).ToString(CultureInfo.InvariantCulture)));
        var removed = new List<int>();
        foreach (var type in new[] { "student", "teacher", "staff", "section" })
            removed.Add(await ChangeAsync(clever, "remove", ("type", type), ("percent", "1")));
        return $"+{students:N0} students, +{teachers:N0} teachers, {renamedStudents:N0} students renamed, {emailStudents:N0} new student e-mails, " +
               $"{renamedTeachers:N0} teachers renamed, {moved:N0} students moved school, −{removed[0]:N0} students, −{removed[1]:N0} teachers, " +
               $"−{removed[2]:N0} staff, −{removed[3]:N0} sections";
    }

    /// <summary>One control action; the page answers 303 to itself with "District: 1,234 … done." in <c>?done=</c>.</summary>
    private async Task<int> ChangeAsync(CleverDistrict clever, string action, params (string Name, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        using var response = await _control.PostAsync($"sandbox/control/{Uri.EscapeDataString(clever.Id)}/{action}", content);
        var location = response.Headers.Location ?? throw new InvalidOperationException($"{action}: {(int)response.StatusCode}, no redirect.");
        var done = HttpUtility.ParseQueryString(location.IsAbsoluteUri ? location.Query : new Uri(Address, location).Query)["done"] ?? "";
        var count = Count().Match(done);
        return count.Success ? int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{action}: the sandbox answered '{done}'.");
    }

    [GeneratedRegex(@":\s*(\d+)\s")]
    private static partial Regex Count();

    public void Dispose()
    {
        _control.Dispose();
        try
        {
            _process.StandardInput.Close(); // sandbox-host stops when its input ends
            if (!_process.WaitForExit(TimeSpan.FromSeconds(20))) _process.Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private const string ReadyPrefix = "sandbox-host ready ";

    private sealed record Ready(string Address, List<ReadyDistrict> Districts);

    private sealed record ReadyDistrict(string Name, string Id, string Token, int Students);

    /// <summary>The child's side: serve the sandbox on loopback until standard input ends.</summary>
    public static async Task<int> HostAsync(IReadOnlyList<string> specs)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["Sandbox:Clever:RateLimitPerMinute"] = "1000000";
        builder.Configuration["Sandbox:Clever:RedirectUris:0"] = "/signin-clever";
        for (var i = 0; i < specs.Count; i++)
        {
            var parts = specs[i].Split(',');
            string[] keys = ["Name", "Seed", "Students", "Teachers", "Schools"];
            for (var k = 0; k < keys.Length; k++) builder.Configuration[$"Sandbox:Districts:{i}:{keys[k]}"] = parts[k];
        }
        builder.Services.AddTwigSandbox(builder.Configuration.GetSection("Sandbox"));
        await using var app = builder.Build();
        app.MapTwigSandbox();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        var sandbox = app.Services.GetRequiredService<CleverSandbox>();
        var ready = new Ready(address, sandbox.Districts.Select(d => new ReadyDistrict(d.Name, d.Id, d.Token, d.Options.Students)).ToList());
        Console.WriteLine(ReadyPrefix + JsonSerializer.Serialize(ready));
        while (await Console.In.ReadLineAsync() is not null)
        {
        }
        await app.StopAsync();
        return 0;
    }
}
