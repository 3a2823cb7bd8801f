using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;

namespace Twig.Web.Tests.LicenseCheck;

/// <summary>One definition of a subscription's effective status, checked on its own (no clock: the day is given).</summary>
public sealed class SubscriptionStatusTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);

    [Theory]
    [InlineData(SubscriptionStatus.Active, null, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Active, 30, SubscriptionStatus.Active)]
    [InlineData(SubscriptionStatus.Active, 0, SubscriptionStatus.Active)] // the end date is the last day covered
    [InlineData(SubscriptionStatus.Active, -1, SubscriptionStatus.Expired)]
    [InlineData(SubscriptionStatus.Pilot, 0, SubscriptionStatus.Pilot)]
    [InlineData(SubscriptionStatus.Pilot, -1, SubscriptionStatus.Expired)]
    [InlineData(SubscriptionStatus.Pilot, null, SubscriptionStatus.Pilot)]
    [InlineData(SubscriptionStatus.Expired, null, SubscriptionStatus.Expired)]
    [InlineData(SubscriptionStatus.Expired, 30, SubscriptionStatus.Expired)]
    public void The_effective_status_is_the_stored_one_until_the_day_after_the_end_date(
        SubscriptionStatus stored, int? endsInDays, SubscriptionStatus effective)
    {
        DateOnly? endsOn = endsInDays is { } days ? Today.AddDays(days) : null;

        Assert.Equal(effective, Subscription.EffectiveStatusOf(stored, endsOn, Today));
        Assert.Equal(effective, new Subscription { Status = stored, EndsOn = endsOn }.EffectiveStatus(Today));
        Assert.Equal(stored != SubscriptionStatus.Expired && effective == SubscriptionStatus.Expired,
            Subscription.ExpiredByDate(stored, endsOn, Today));
    }

    [Fact]
    public void The_paused_reason_names_the_end_date_only_when_the_calendar_expired_it()
    {
        var byDate = SubscriptionTerms.ExpiredReason(SubscriptionStatus.Active, Today.AddDays(-1), Today);
        var byHand = SubscriptionTerms.ExpiredReason(SubscriptionStatus.Expired, Today.AddDays(-1), Today);

        Assert.Contains("expired on Mar 14, 2026", byDate);
        Assert.DoesNotContain("Mar 14, 2026", byHand);
    }

    [Fact]
    public void Today_is_the_calendar_day_in_utc()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 15, 23, 30, 0, TimeSpan.FromHours(-8)));

        Assert.Equal(new DateOnly(2026, 3, 16), Subscription.Today(clock));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
