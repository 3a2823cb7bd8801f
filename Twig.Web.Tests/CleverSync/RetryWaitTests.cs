using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Tests.CleverSync;

/// <summary>How long Twig waits before asking Clever again: what the answer names, else the backoff.</summary>
public sealed class RetryWaitTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    private static TimeSpan? Wait(HttpStatusCode status, long? resetIn = null, RetryConditionHeaderValue? retryAfter = null)
    {
        var response = new HttpResponseMessage(status);
        if (resetIn is { } seconds)
            response.Headers.Add("X-RateLimit-Reset", (Now.ToUnixTimeSeconds() + seconds).ToString(CultureInfo.InvariantCulture));
        response.Headers.RetryAfter = retryAfter;
        return CleverClientSetup.ServerDelay(response, new FakeTimeProvider(Now), Max);
    }

    [Fact]
    public void A_429_waits_for_Clever_s_reset_and_no_longer_than_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), Wait(HttpStatusCode.TooManyRequests, resetIn: 20));
        Assert.Equal(Max, Wait(HttpStatusCode.TooManyRequests, resetIn: 3600));
    }

    [Fact]
    public void A_reset_already_past_by_Twig_s_clock_backs_off_instead_of_retrying_at_once()
    {
        Assert.Null(Wait(HttpStatusCode.TooManyRequests, resetIn: -2));
        Assert.Null(Wait(HttpStatusCode.TooManyRequests, resetIn: 0));
    }

    [Fact]
    public void Retry_After_is_kept_on_any_answer_that_sends_it()
    {
        Assert.Equal(TimeSpan.FromSeconds(45), Wait(HttpStatusCode.ServiceUnavailable, retryAfter: new(TimeSpan.FromSeconds(45))));
        Assert.Equal(TimeSpan.FromSeconds(30), Wait(HttpStatusCode.TooManyRequests, resetIn: 5, retryAfter: new(Now.AddSeconds(30))));
    }

    [Fact]
    public void An_answer_that_names_no_wait_takes_the_backoff()
    {
        Assert.Null(Wait(HttpStatusCode.ServiceUnavailable, resetIn: 20));
        Assert.Null(Wait(HttpStatusCode.BadGateway));
    }
}
