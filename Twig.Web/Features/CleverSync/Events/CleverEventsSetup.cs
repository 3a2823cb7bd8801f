using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Events;

public static class CleverEventsSetup
{
    /// <summary>The Events API client shares the Data API's retries and per-token rate limiter.</summary>
    public static IServiceCollection AddCleverEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EventsSettings>(configuration.GetSection(EventsSettings.Section));
        // Handlers run outermost first: retries wrap the rate limiter, so every retry waits its turn too.
        var events = services.AddHttpClient<CleverEventsClient>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        events.AddResilienceHandler("clever-events", CleverClientSetup.AddCleverRetries);
        events.AddHttpMessageHandler<CleverRateLimitHandler>();
        return services;
    }
}
