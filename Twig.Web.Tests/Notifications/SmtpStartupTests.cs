using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Notifications;

/// <summary>Production with e-mail on must name a real SMTP server.</summary>
public sealed class SmtpStartupTests
{
    [Fact]
    public async Task Should_refuse_production_with_email_on_and_no_smtp_host()
    {
        var outcome = await TwigProcess.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}",
        }, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Twig cannot start: Notifications:EmailEnabled is true in Production but Smtp:Host names no real SMTP server", outcome.Error);
    }

    [Fact]
    public async Task Should_start_production_with_email_turned_off()
    {
        var outcome = await TwigProcess.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Notifications__EmailEnabled"] = "false",
            ["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}",
        }, "migrate");

        Assert.Equal(0, outcome.ExitCode);
    }
}
