using Twig.Web.Domain;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>
/// The wording and the calendar every licence answer shares, so sync, import, sign-in and the pages
/// say the same thing. Subscription dates are calendar days in UTC (<see cref="Subscription.Today"/>); the end date is the last
/// day covered. A day reads as every page shows one (<see cref="DisplayTime.Day"/>: "Jun 30, 2026").
/// </summary>
public static class SubscriptionTerms
{
    public const string NoSubscription = "The district has no subscription; syncs and imports start once Twig support sets one up.";

    /// <summary>Why syncs and imports are paused for an expired subscription, for people to read.</summary>
    public static string ExpiredReason(SubscriptionStatus status, DateOnly? endsOn, DateOnly today) =>
        Subscription.ExpiredByDate(status, endsOn, today)
            ? $"The subscription expired on {DisplayTime.Day(endsOn!.Value)}; syncs and imports are paused until it is renewed."
            : "The subscription has expired; syncs and imports are paused until it is renewed.";
}
