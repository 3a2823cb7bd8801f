using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Twig.Web.Infrastructure.Clever;

namespace Twig.Web.Features.CleverSync.Clever;

/// <summary>
/// Keeps each bearer token under Twig's own per-minute ceiling (below Clever's 1,200), waiting for the next
/// window instead of earning 429s. Sits inside the retry pipeline, so retries are counted too.
/// </summary>
public sealed class CleverRateLimitHandler(IOptions<CleverOptions> options) : DelegatingHandler
{
    private static readonly ConcurrentDictionary<string, RateLimiter> Limiters = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = request.Headers.Authorization?.Parameter;
        if (token is not null)
        {
            var limiter = Limiters.GetOrAdd(token, _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, options.Value.RequestsPerMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
            using var lease = await limiter.AcquireAsync(1, cancellationToken);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}
