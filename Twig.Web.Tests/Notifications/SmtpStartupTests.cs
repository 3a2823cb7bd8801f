using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Notifications;

/// <summary>Production with e-mail on must name a real SMTP server.</summary>
public sealed class SmtpStartupTests
{
    [Fact]
    public async Task Should_refuse_production_with_email_on_and_no_smtp_host()
    {
        var settings = TwigProcess.Production();
        settings["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}";
        var outcome = await TwigProcess.RunAsync(settings, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Twig cannot start: Notifications:EmailEnabled is true in Production but Smtp:Host names no real SMTP server", outcome.Error);
    }

    [Fact]
    public async Task Should_start_production_with_email_turned_off()
    {
        var settings = TwigProcess.Production();
        settings["Notifications__EmailEnabled"] = "false";
        settings["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}";
        var outcome = await TwigProcess.RunAsync(settings, "migrate");

        Assert.Equal(0, outcome.ExitCode);
    }

    [Fact]
    public async Task Should_refuse_production_sending_mail_without_tls_to_another_host()
    {
        var settings = TwigProcess.Production();
        settings["Smtp__Host"] = "smtp.example.org";
        settings["Smtp__UseTls"] = "false";
        settings["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}";

        var outcome = await TwigProcess.RunAsync(settings, "migrate");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Twig cannot start: Smtp:UseTls is false in Production and Smtp:Host 'smtp.example.org' is not this machine", outcome.Error);
    }

    [Fact]
    public async Task Should_start_production_sending_mail_without_tls_to_a_relay_on_this_machine()
    {
        var settings = TwigProcess.Production();
        settings["Smtp__Host"] = "127.0.0.1";
        settings["Smtp__UseTls"] = "false";
        settings["ConnectionStrings__Twig"] = $"Data Source={TwigProcess.TempDatabasePath()}";

        var outcome = await TwigProcess.RunAsync(settings, "migrate");

        Assert.Equal(0, outcome.ExitCode);
    }
}
