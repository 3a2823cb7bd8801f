namespace Twig.Web.Domain;

/// <summary>
/// A Clever district that has added Twig. Discovery creates it as pending; a support admin links it to
/// a Twig district and approves it. The district-app token is stored encrypted and never shown.
/// </summary>
public class CleverConnection
{
    public int Id { get; set; }
    public string CleverDistrictId { get; set; } = "";
    public string CleverDistrictName { get; set; } = "";
    public CleverConnectionState State { get; set; } = CleverConnectionState.PendingApproval;
    /// <summary>The district-app bearer token, protected with ASP.NET Core Data Protection.</summary>
    public string? ProtectedToken { get; set; }
    public int? DistrictId { get; set; }
    public District? District { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    /// <summary>Why the connection is in its state, in words for people (e.g. "Clever answered 401").</summary>
    public string? StateReason { get; set; }
}

public enum CleverConnectionState
{
    PendingApproval = 1,
    Connected = 2,
    Rejected = 3,
    Disconnected = 4,
}
