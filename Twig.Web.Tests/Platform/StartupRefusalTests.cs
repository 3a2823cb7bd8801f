using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

/// <summary>Settings that must stop Twig at once, with one clear line naming the setting.</summary>
public sealed class StartupRefusalTests
{
    [Fact]
    public async Task Should_refuse_an_unknown_database_provider()
    {
        var outcome = await TwigProcess.RunAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Oracle",
            ["ConnectionStrings__Twig"] = "Data Source=x.db",
        }, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Twig cannot start: Database:Provider is 'Oracle'", outcome.Error);
    }

    [Fact]
    public async Task Should_refuse_production_without_a_connection_string()
    {
        var outcome = await TwigProcess.RunAsync(TwigProcess.Production(), "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("ConnectionStrings:Twig is not set", outcome.Error);
    }

    [Fact]
    public async Task Should_refuse_the_sandbox_in_production()
    {
        var outcome = await TwigProcess.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Sandbox__Enabled"] = "true",
            ["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}",
        }, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Sandbox:Enabled is true in Production", outcome.Error);
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Production")]
    [InlineData("Demo")]
    public async Task Should_refuse_the_sandbox_outside_development(string environment)
    {
        var outcome = await TwigProcess.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["DOTNET_ENVIRONMENT"] = environment,
            ["Sandbox__Enabled"] = "true",
            ["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}",
        }, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"Twig cannot start: Sandbox:Enabled is true in {environment}", outcome.Error);
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Production")]
    public async Task Should_refuse_demo_data_outside_development(string environment)
    {
        var outcome = await TwigProcess.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["DOTNET_ENVIRONMENT"] = environment,
            ["Demo__Enabled"] = "true",
            ["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}",
        }, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"Twig cannot start: Demo:Enabled is true in {environment}", outcome.Error);
    }

    [Fact]
    public async Task Should_refuse_production_without_data_protection_key_encryption()
    {
        var settings = TwigProcess.Production();
        settings.Remove("DataProtection__CertificatePath");
        settings["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}";

        var outcome = await TwigProcess.RunAsync(settings, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Twig cannot start: DataProtection:CertificatePath is not set; Production must encrypt its Data Protection keys", outcome.Error);
        Assert.Single(outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Should_hold_staging_to_productions_rules_for_keys_and_mail()
    {
        var settings = TwigProcess.Production();
        settings["ASPNETCORE_ENVIRONMENT"] = settings["DOTNET_ENVIRONMENT"] = "Staging";
        settings.Remove("DataProtection__CertificatePath");
        settings["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}";

        var outcome = await TwigProcess.RunAsync(settings, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Twig cannot start: DataProtection:CertificatePath is not set; Staging must encrypt its Data Protection keys",
            outcome.Error);
    }

    [Theory]
    [InlineData("Clever__OAuthBaseUrl", "http://clever.example.test", "Clever:OAuthBaseUrl is 'http://clever.example.test' in Production; it must be an absolute https:// address")]
    [InlineData("Clever__ApiBaseUrl", "/sandbox/clever-api", "Clever:ApiBaseUrl is '/sandbox/clever-api' in Production; it must be an absolute https:// address")]
    [InlineData("Google__TokenEndpoint", "http://google.example.test/token", "Google:TokenEndpoint is 'http://google.example.test/token' in Production")]
    [InlineData("App__BaseUrl", "http://twig.example.org", "App:BaseUrl is 'http://twig.example.org' in Production")]
    [InlineData("Https__Required", "false", "Https:Required is false in Production; sign-in cookies and passwords must not travel in clear")]
    [InlineData("ForwardedHeaders__KnownNetworks__0", "0.0.0.0/0", "ForwardedHeaders:KnownNetworks holds '0.0.0.0/0', which is every address")]
    public async Task Should_refuse_production_sending_secrets_or_trusting_addresses_unsafely(string setting, string value, string refusal)
    {
        var settings = TwigProcess.Production();
        settings["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}";
        settings["Notifications__EmailEnabled"] = "false";
        settings[setting] = value;

        var outcome = await TwigProcess.RunAsync(settings, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"Twig cannot start: {refusal}", outcome.Error);
        Assert.Single(outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Sqlite")]
    public async Task Should_refuse_a_sqlite_file_in_production_unless_it_runs_one_instance(string? provider)
    {
        var settings = TwigProcess.Production();
        settings.Remove("Database__SingleInstance");
        settings["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}";
        settings["Notifications__EmailEnabled"] = "false";
        if (provider is not null) settings["Database__Provider"] = provider;

        var refused = await TwigProcess.RunAsync(settings, "migrate");
        settings["Database__SingleInstance"] = "true";
        var declared = await TwigProcess.RunAsync(settings, "migrate");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"Twig cannot start: Database:Provider is '{provider ?? "Sqlite"}' in Production; a SQLite file serves one " +
            "instance only. Use SqlServer, or set Database:SingleInstance to true", refused.Error);
        Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, declared.ExitCode);
        Assert.DoesNotContain("cannot start", declared.Error);
    }

    [Fact]
    public async Task Should_refuse_an_unreachable_sql_server()
    {
        var outcome = await TwigProcess.RunAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "SqlServer",
            ["ConnectionStrings__Twig"] = "Server=127.0.0.1,1;Database=Twig;User Id=twig;Password=x;Connect Timeout=1;TrustServerCertificate=True",
        }, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Twig cannot start: The SqlServer database named by ConnectionStrings:Twig cannot be reached", outcome.Error);
    }
}
