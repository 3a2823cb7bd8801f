using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.DistrictAdmin;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

/// <summary>
/// What Twig does on the wire outside a developer's machine: HTTPS only, forwarded headers from known proxies only,
/// no server banner, no cached CSV, no formula in a downloaded cell, and sign-ins logged without secrets.
/// </summary>
public sealed class WebHardeningTests(SliceFixture fixture) : SliceTest(fixture)
{
    private readonly List<TwigFactory> _factories = [];
    private readonly List<string> _databases = [];

    /// <summary>A Twig of its own (fresh database) with extra settings, started on a loopback port.</summary>
    private (TwigFactory Factory, Uri Address) Start(Dictionary<string, string?> settings, LogCapture? logs = null)
    {
        var database = TwigProcess.TempDatabasePath();
        _databases.Add(database);
        var factory = new TwigFactory(database, settings) { Logs = logs };
        _factories.Add(factory);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (factory, new Uri(address));
    }

    private static Dictionary<string, string?> Staging(Dictionary<string, string?> extra)
    {
        // Staging is "real": no sandbox or demo allowed, HTTPS required by default, Data Protection keys encrypted.
        var production = TwigProcess.Production();
        var settings = new Dictionary<string, string?>
        {
            ["environment"] = "Staging", ["Sandbox:Enabled"] = "false", ["Database:SingleInstance"] = "true",
            ["DataProtection:CertificatePath"] = production["DataProtection__CertificatePath"],
            ["DataProtection:CertificatePassword"] = production["DataProtection__CertificatePassword"],
            // Real services over HTTPS (the harness's sandbox paths are refused outside Development), and no mail.
            ["Clever:OAuthBaseUrl"] = "https://clever.com", ["Clever:ApiBaseUrl"] = "https://api.clever.com",
            ["Google:AuthorizationEndpoint"] = "https://accounts.google.com/o/oauth2/v2/auth",
            ["Google:TokenEndpoint"] = "https://oauth2.googleapis.com/token",
            ["Google:UserInformationEndpoint"] = "https://openidconnect.googleapis.com/v1/userinfo",
            ["Notifications:EmailEnabled"] = "false",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    private static HttpRequestMessage ViaProxy(string path, string? forwardedProto = null, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "twig.example.org";
        if (forwardedProto is not null) request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }

    private static async Task<string> CreateAccountAsync(IServiceProvider services, string role, string email)
    {
        await using var scope = services.CreateAsyncScope();
        return await Accounts.CreateUserAsync(scope.ServiceProvider, role, email);
    }

    [Fact]
    public async Task Outside_development_plain_http_is_redirected_and_a_proxys_https_is_honoured_only_when_the_proxy_is_known()
    {
        var logs = new LogCapture();
        var (_, known) = Start(Staging(new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" }), logs);
        var (_, unknown) = Start(Staging(new() { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8" }));
        using var toKnown = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = known };
        using var toUnknown = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = unknown };

        var plain = await toKnown.SendAsync(ViaProxy("/login"));
        Assert.True(plain.StatusCode != HttpStatusCode.InternalServerError, string.Join("\n", logs.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal)).Take(2)));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.StartsWith("https://twig.example.org", plain.Headers.Location!.ToString());

        var spoofed = await toUnknown.SendAsync(ViaProxy("/login", forwardedProto: "https"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, spoofed.StatusCode);

        var viaProxy = await toKnown.SendAsync(ViaProxy("/login", forwardedProto: "https"));
        Assert.Equal(HttpStatusCode.OK, viaProxy.StatusCode);
        Assert.StartsWith("max-age=", viaProxy.Headers.GetValues("Strict-Transport-Security").Single());
        var antiforgery = viaProxy.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("twig-af=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.False(viaProxy.Headers.Contains("Server"));

        // Load balancer health probes stay on plain HTTP.
        Assert.Equal(HttpStatusCode.OK, (await toKnown.SendAsync(ViaProxy("/health/live"))).StatusCode);
    }

    [Theory]
    [InlineData(true, "https://twig.example.org/signin-clever")]
    [InlineData(false, "http://twig.example.org/signin-clever")]
    public async Task The_clever_redirect_uri_takes_the_proxys_scheme_only_from_a_known_proxy(bool known, string redirectUri)
    {
        var (_, address) = Start(known ? new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" } : []);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
        var login = await client.SendAsync(ViaProxy("/login", forwardedProto: "https"));
        var html = await login.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("twig-af=", StringComparison.Ordinal)).Split(';')[0];

        var press = ViaProxy("/login/external", forwardedProto: "https");
        press.Method = HttpMethod.Post;
        press.Headers.Add("Cookie", cookie);
        press.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["provider"] = "clever", ["__RequestVerificationToken"] = token });
        var challenge = await client.SendAsync(press);

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!.OriginalString;
        var query = System.Web.HttpUtility.ParseQueryString(location[(location.IndexOf('?', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(redirectUri, query["redirect_uri"]);
    }

    [Fact]
    public async Task The_test_host_serves_plain_http_without_hsts_and_no_response_names_the_server()
    {
        using var session = Fixture.CreateSession();

        var login = await session.GetAsync("/login");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.False(login.Headers.Contains("Strict-Transport-Security"));
        Assert.False(login.Headers.Contains("Server"));
    }

    [Fact]
    public async Task The_audit_trail_records_the_forwarded_client_only_from_a_known_proxy()
    {
        var (known, address) = Start(new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        await CreateAccountAsync(known.Services, TwigRoles.Support, "support@known.test");
        using var viaProxy = new TwigSession(address);
        viaProxy.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        await viaProxy.SignInAsync("support@known.test", Accounts.Password);
        await viaProxy.SubmitFormAsync("/notifications/settings", new Dictionary<string, string>());

        await CreateAccountAsync(Fixture.Services, TwigRoles.Support, "support@unknown.test");
        using var spoofing = Fixture.CreateSession();
        spoofing.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        await spoofing.SignInAsync("support@unknown.test", Accounts.Password);
        await spoofing.SubmitFormAsync("/notifications/settings", new Dictionary<string, string>());

        await using (var scope = known.Services.CreateAsyncScope())
            Assert.Equal("203.0.113.7", await scope.ServiceProvider.GetRequiredService<TwigDb>().AuditEvents
                .Where(e => e.Action == "notifications.preferences").Select(e => e.IpAddress).SingleAsync());
        Assert.Equal("127.0.0.1", await Fixture.ExecuteDbContextAsync(db => db.AuditEvents
            .Where(e => e.Action == "notifications.preferences").Select(e => e.IpAddress).SingleAsync()));
    }

    [Fact]
    public async Task Csv_downloads_are_never_cached()
    {
        var district = await Fixture.InsertDistrictAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var response = await owner.GetAsync("/district/import?handler=Template");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("\0=1+1", "'\0=1+1")]
    [InlineData("\uFF1DHYPERLINK(\"http://evil.example\")", "\"'\uFF1DHYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("\uFF0B1", "'\uFF0B1")]
    [InlineData("\uFF0D1", "'\uFF0D1")]
    [InlineData("\uFF20SUM(A1)", "'\uFF20SUM(A1)")]
    [InlineData("O'Brien", "O'Brien")]
    public void Csv_cells_starting_with_nul_or_full_width_formula_signs_are_neutralised(string value, string cell) =>
        Assert.Equal(cell, SpreadsheetCsv.Cell(value));

    [Fact]
    public async Task Staff_sign_ins_are_logged_with_account_address_and_outcome_and_never_the_password_or_email()
    {
        var logs = new LogCapture();
        var (factory, address) = Start([], logs);
        var id = await CreateAccountAsync(factory.Services, TwigRoles.Support, "logged@twig.test");
        using var session = new TwigSession(address);

        var wrong = await session.SubmitFormAsync("/login", new Dictionary<string, string> { ["Data.Email"] = "logged@twig.test", ["Data.Password"] = "not-the-password-at-all" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        await session.SubmitFormAsync("/login", new Dictionary<string, string> { ["Data.Email"] = "nobody@twig.test", ["Data.Password"] = "guessing-passwords" });
        await session.SignInAsync("logged@twig.test", Accounts.Password);

        var lines = logs.Lines;
        Assert.Contains(lines, l => l.Contains($"Sign-in failed: password account {id} from 127.0.0.1: wrong password", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Sign-in failed: password account (none) from 127.0.0.1: no such account", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Sign-in step passed: password account {id} from 127.0.0.1; second factor required", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Sign-in succeeded: authenticator code account {id} from 127.0.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(Accounts.Password, StringComparison.Ordinal)
            || l.Contains("not-the-password-at-all", StringComparison.Ordinal) || l.Contains("guessing-passwords", StringComparison.Ordinal)
            || l.Contains("logged@twig.test", StringComparison.Ordinal) || l.Contains("nobody@twig.test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_data_is_announced_without_any_password()
    {
        var logs = new LogCapture();

        Start(new() { ["Demo:Enabled"] = "true" }, logs);

        var lines = logs.Lines;
        Assert.Contains(lines, l => l.Contains("Demo data ready", StringComparison.Ordinal) && l.Contains(DemoData.Owner.Email, StringComparison.Ordinal));
        foreach (var account in new[] { DemoData.Owner, DemoData.Support, DemoData.SupportAdmin })
            Assert.DoesNotContain(lines, l => l.Contains(account.Password, StringComparison.Ordinal));
    }

    public override async Task DisposeAsync()
    {
        foreach (var factory in _factories) await factory.DisposeAsync();
        foreach (var database in _databases) TwigProcess.DeleteDatabase(database);
        await base.DisposeAsync();
    }
}
