namespace Twig.Web.Domain;

public class Subscription
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public SubscriptionStatus Status { get; set; } = SubscriptionStatus.Active;
    public int LicensedStudentSeats { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }

    /// <summary>An active or pilot subscription past its end date counts as expired.</summary>
    public SubscriptionStatus EffectiveStatus(DateOnly today) =>
        Status != SubscriptionStatus.Expired && EndsOn is { } end && today > end
            ? SubscriptionStatus.Expired
            : Status;
}

public enum SubscriptionStatus
{
    Pilot = 1,
    Active = 2,
    Expired = 3,
}
