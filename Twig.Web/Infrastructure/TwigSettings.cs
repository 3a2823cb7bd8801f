namespace Twig.Web.Infrastructure;

/// <summary>Settings that must be refused before anything else starts.</summary>
public static class TwigSettings
{
    public static void Check(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsProduction() && configuration.GetValue<bool>("Sandbox:Enabled"))
            throw new StartupConfigurationException("Sandbox:Enabled is true in Production; the offline Clever and Google stand-ins must never serve real districts.");
    }
}
