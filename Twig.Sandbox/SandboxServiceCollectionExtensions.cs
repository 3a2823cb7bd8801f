using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Twig.Sandbox.CleverApi;
using Twig.Sandbox.Configuration;
using Twig.Sandbox.Google;
using Twig.Sandbox.Mail;

namespace Twig.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>Registers the sandbox Clever and Google from the app's <c>Sandbox</c> configuration section.</summary>
    public static IServiceCollection AddTwigSandbox(this IServiceCollection services, IConfiguration sandboxSection)
    {
        var options = new SandboxOptions();
        sandboxSection.Bind(options);
        if (options.Clever.RedirectUris.Count == 0) options.Clever.RedirectUris.Add("/signin-clever");
        if (options.Google.RedirectUris.Count == 0) options.Google.RedirectUris.Add("/signin-google");

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(sp => new CleverSandbox(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new GoogleSandbox(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RateLimiter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CleverApiHandler>();
        services.AddSandboxMail(sandboxSection);
        return services;
    }
}
