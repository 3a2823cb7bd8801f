namespace Twig.Web.Domain;

public class Subscription
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public SubscriptionStatus Status { get; set; } = SubscriptionStatus.Active;
    public int LicensedStudentSeats { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }

    public SubscriptionStatus EffectiveStatus(DateOnly today) => EffectiveStatusOf(Status, EndsOn, today);

    /// <summary>
    /// The one definition of a subscription's effective status, for callers that read only the stored status and the end
    /// date: an active or pilot subscription past its end date (the last day covered) counts as expired.
    /// </summary>
    public static SubscriptionStatus EffectiveStatusOf(SubscriptionStatus stored, DateOnly? endsOn, DateOnly today) =>
        ExpiredByDate(stored, endsOn, today) ? SubscriptionStatus.Expired : stored;

    /// <summary>Stored as active or pilot but past its end date: expired by the calendar, not by a person.</summary>
    public static bool ExpiredByDate(SubscriptionStatus stored, DateOnly? endsOn, DateOnly today) =>
        stored != SubscriptionStatus.Expired && endsOn is { } end && today > end;

    /// <summary>Subscription dates are calendar days in UTC: today's, by the clock.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}

public enum SubscriptionStatus
{
    Pilot = 1,
    Active = 2,
    Expired = 3,
}
