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

    /// <summary>
    /// Retries 429, 5xx and timeouts with exponential backoff and jitter; a wait the answer names (Retry-After, or a 429's
    /// X-RateLimit-Reset) is kept instead.
    /// </summary>
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
            DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Result, clock, options.MaxRetryDelay)),
        });
        pipeline.AddTimeout(options.RequestTimeout);
    }

    /// <summary>
    /// The wait Clever's answer names, capped at <paramref name="max"/>; null (the backoff) when it names none, or a moment
    /// already past: a 429 whose reset Twig's clock has passed means the clocks differ, and retrying at once would spend
    /// every attempt before Clever's window ends.
    /// </summary>
    internal static TimeSpan? ServerDelay(HttpResponseMessage? response, TimeProvider clock, TimeSpan max)
    {
        var wait = response?.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - clock.GetUtcNow(),
            _ => response?.StatusCode == HttpStatusCode.TooManyRequests && RateLimitReset(response) is { } reset
                ? reset - clock.GetUtcNow()
                : (TimeSpan?)null,
        };
        return wait is not { } named || named <= TimeSpan.Zero ? null : named > max ? max : named;
    }

    /// <summary>Clever's X-RateLimit-Reset: when its rate-limit window ends, in Unix seconds.</summary>
    private static DateTimeOffset? RateLimitReset(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
