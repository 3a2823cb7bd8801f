using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Twig.Sandbox.Configuration;

namespace Twig.Sandbox.Tests;

/// <summary>The sandbox in a real Kestrel server on 127.0.0.1, called over real HTTP.</summary>
public sealed class SandboxServer : IAsyncLifetime
{
    public const string CleverClientId = "twig-test-client";
    public const string CleverClientSecret = "twig-test-secret";
    public const string GoogleClientId = "twig-google-client";
    public const string GoogleClientSecret = "twig-google-secret";

    private readonly Dictionary<string, string?> settings;
    private readonly Action<WebApplicationBuilder>? configureBuilder;
    private readonly Action<WebApplication>? configureApp;
    private WebApplication? app;

    public SandboxServer() : this(null) { }

    internal SandboxServer(Dictionary<string, string?>? overrides, Action<WebApplicationBuilder>? configureBuilder = null, Action<WebApplication>? configureApp = null)
    {
        settings = new Dictionary<string, string?>
        {
            ["Sandbox:Clever:ClientId"] = CleverClientId,
            ["Sandbox:Clever:ClientSecret"] = CleverClientSecret,
            ["Sandbox:Clever:RedirectUris:0"] = "/signin-clever",
            ["Sandbox:Clever:RedirectUris:1"] = "http://127.0.0.1:9/elsewhere/callback",
            ["Sandbox:Google:ClientId"] = GoogleClientId,
            ["Sandbox:Google:ClientSecret"] = GoogleClientSecret,
            ["Sandbox:Google:UnapprovedDomains:0"] = "locked-down.example.edu",
            ["Sandbox:Districts:0:Name"] = "Demo Unified",
            ["Sandbox:Districts:0:Seed"] = "42",
            ["Sandbox:Districts:0:Students"] = "600",
            ["Sandbox:Districts:0:Teachers"] = "30",
            ["Sandbox:Districts:0:Schools"] = "3",
            ["Sandbox:Districts:0:Connected"] = "true",
            ["Sandbox:Districts:1:Name"] = "Not Yet Connected USD",
            ["Sandbox:Districts:1:Seed"] = "7",
            ["Sandbox:Districts:1:Students"] = "50",
            ["Sandbox:Districts:1:Connected"] = "false",
        };
        foreach (var (key, value) in overrides ?? []) settings[key] = value;
        this.configureBuilder = configureBuilder;
        this.configureApp = configureApp;
    }

    /// <summary>Starts at the real time: cookies issued by auth handlers in the same app must not be born expired.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public CleverSandbox Sandbox => app!.Services.GetRequiredService<CleverSandbox>();
    public Uri BaseAddress { get; private set; } = null!;
    public string ApiBase => BaseAddress.ToString().TrimEnd('/') + "/sandbox/clever-api";
    public SandboxDistrict Demo => Sandbox.Districts[0];

    private static int seedCounter = 1000;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("SANDBOX_TEST_LOGS") == "1") builder.Logging.AddConsole();
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddTwigSandbox(builder.Configuration.GetSection("Sandbox"));
        configureBuilder?.Invoke(builder);
        app = builder.Build();
        configureApp?.Invoke(app);
        app.MapTwigSandbox();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address + "/");
    }

    public async Task DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }

    /// <summary>A fresh connected district, so a test's faults and changes touch nobody else.</summary>
    public SandboxDistrict NewDistrict(int students = 200, int? seed = null, int? schools = null, int? teachers = null) =>
        Sandbox.AddDistrict(new SandboxDistrictOptions
        {
            Name = "Test District " + Interlocked.Increment(ref seedCounter),
            Seed = seed ?? seedCounter,
            Id = seed is null ? null : "5e1f" + Interlocked.Increment(ref seedCounter).ToString("x20", System.Globalization.CultureInfo.InvariantCulture),
            Students = students,
            Schools = schools,
            Teachers = teachers,
            Connected = true,
        });

    /// <summary>A client that does not follow redirects (tests read Location) and keeps cookies (Clever sessions).</summary>
    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
        {
            BaseAddress = BaseAddress,
        };

    public HttpClient ApiClient(string token)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static AuthenticationHeaderValue Basic(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(id + ":" + secret)));

    /// <summary>An API path (as Clever's relative links give it) made absolute against the sandbox API base.</summary>
    public string Api(string relative) => "sandbox/clever-api" + relative;
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxServer>
{
    public const string Name = "sandbox";
}
