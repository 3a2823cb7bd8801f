using System.Linq.Expressions;

namespace Twig.Web.Domain;

/// <summary>
/// A Clever district that has added Twig. Discovery creates it as pending; a support admin links it to
/// a Twig district and approves it. The district-app token is stored encrypted and never shown.
/// </summary>
public class CleverConnection
{
    /// <summary>
    /// A live connection, in a query (<see cref="IsLive"/> in memory): syncs run and the district's people sign in through it.
    /// </summary>
    public static readonly Expression<Func<CleverConnection, bool>> Live =
        c => c.State == CleverConnectionState.Connected || c.State == CleverConnectionState.Rechecking;

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
    /// <summary>When Clever last refused the district's token (401) during a sync.</summary>
    public DateTime? LastUnauthorizedAt { get; set; }
    /// <summary>When Twig last checked the token against Clever's token listing (after a 401, or asked by support).</summary>
    public DateTime? LastCheckedAt { get; set; }

    /// <summary>Syncs run and people sign in: connected, or re-checking after a 401 (the connection is not known to be gone).</summary>
    public bool IsLive => State is CleverConnectionState.Connected or CleverConnectionState.Rechecking;
}

public enum CleverConnectionState
{
    PendingApproval = 1,
    Connected = 2,
    Rejected = 3,
    Disconnected = 4,
    /// <summary>Clever answered 401 and its token listing could not be reached yet; syncs and sign-in go on while Twig asks
    /// again.</summary>
    Rechecking = 5,
}
