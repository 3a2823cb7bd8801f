using System.Globalization;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Twig.Web.Infrastructure.Clever;

namespace Twig.Web.Features.CleverSync.Clever;

public static class CleverClientSetup
{
    public static IServiceCollection AddCleverClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CleverOptions>(configuration.GetSection(CleverOptions.Section));
        services.AddTransient<CleverRateLimitHandler>();
        // Handlers run outermost first: retries wrap the rate limiter, so every retry waits its turn too.
        var api = services.AddHttpClient<CleverApiClient>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        api.AddResilienceHandler("clever-api", AddCleverRetries);
        api.AddHttpMessageHandler<CleverRateLimitHandler>();
        services.AddHttpClient<CleverTokenClient>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("clever-oauth", AddCleverRetries);
        return services;
    }

    /// <summary>Retries 429, 5xx and timeouts with exponential backoff and jitter; a 429 waits for Clever's X-RateLimit-Reset.</summary>
    internal static void AddCleverRetries(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<CleverOptions>>().Value;
        var clock = context.ServiceProvider.GetRequiredService<TimeProvider>();
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldRetryAfterHeader = false,
            DelayGenerator = args => ValueTask.FromResult(RateLimitResetDelay(args.Outcome.Result, clock, options.MaxRetryDelay)),
        });
        pipeline.AddTimeout(options.RequestTimeout);
    }

    private static TimeSpan? RateLimitResetDelay(HttpResponseMessage? response, TimeProvider clock, TimeSpan max)
    {
        if (response?.StatusCode != HttpStatusCode.TooManyRequests) return null;
        if (!response.Headers.TryGetValues("X-RateLimit-Reset", out var values)) return null;
        if (!long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var resetSeconds)) return null;
        var wait = DateTimeOffset.FromUnixTimeSeconds(resetSeconds) - clock.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(100) : wait > max ? max : wait;
    }
}
