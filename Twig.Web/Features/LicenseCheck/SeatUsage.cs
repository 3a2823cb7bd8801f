using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>How a district's licensed seats are used right now. Students count once each, whatever else they are.</summary>
public sealed record SeatUsage(int Used, int Seats, SubscriptionStatus? Status)
{
    public const int NearLimitPercent = 90;

    public int Percent => Seats <= 0 ? (Used > 0 ? 100 : 0) : (int)Math.Floor(Used * 100.0 / Seats);

    /// <summary>Students beyond the licence (0 when within it).</summary>
    public int Excess => Math.Max(0, Used - Seats);

    /// <summary>Seats still free (0 when at or over the licence).</summary>
    public int Available => Math.Max(0, Seats - Used);

    /// <summary>
    /// The last sync was blocked by the licence (<see cref="LicenceBlock"/>): the students it would add are not counted yet, so the
    /// card must not read as all well. Its reason says why, and what to do.
    /// </summary>
    public LicenceBlock.Run? LastSyncBlock { get; init; }

    public bool LastSyncBlocked => LastSyncBlock is not null;

    public SeatState State =>
        Used > Seats ? SeatState.OverLicence
        : Used == Seats && Seats > 0 ? SeatState.AtLimit
        : Percent >= NearLimitPercent ? SeatState.NearLimit
        : SeatState.Ok;

    /// <summary>The district's people who take a seat (<see cref="ActiveStudent"/>), from every source, each once.</summary>
    public static Task<int> CountActiveStudentsAsync(TwigDb db, int districtId, CancellationToken token) =>
        db.People.Where(ActiveStudent.Predicate).CountAsync(p => p.DistrictId == districtId, token);

    public static string Describe(int students, int seats) =>
        string.Create(CultureInfo.GetCultureInfo("en-US"), $"{students:N0} students would be active; {seats:N0} are licensed");
}

public enum SeatState
{
    Ok,
    NearLimit,
    AtLimit,
    OverLicence,
}
