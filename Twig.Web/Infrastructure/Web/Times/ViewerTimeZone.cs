using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Infrastructure.Web.Times;

/// <summary>
/// The zone in which this request shows times. People read a district's times in the district's zone (a district setting,
/// Pacific by default): the district in the route (<c>{districtId}</c>) or the owner's own district; pages spanning
/// districts (the console) pass each row's zone. A viewer who chose their own zone (<see cref="CookieName"/>, set at
/// <c>/account/time-zone</c>) sees every time in it instead. Resolved once per request.
/// </summary>
public sealed class ViewerTimeZone(IHttpContextAccessor http, TwigDb db)
{
    /// <summary>Holds the IANA id the viewer chose; absent means "the district's zone".</summary>
    public const string CookieName = "twig-tz";

    private (TimeZoneInfo Zone, bool Own)? _resolved;

    /// <summary>True once a value on this page was shown in its own row's district zone (the console's list of districts).</summary>
    public bool ShowedRowZones { get; private set; }

    /// <summary>
    /// Whether this request is about one district (the route's, or the owner's own). Without one (a staff member's account pages,
    /// support's lists), times read in Twig's default zone, <see cref="Domain.District.DefaultTimeZoneId"/>.
    /// </summary>
    public bool HasDistrict => DistrictId is not null;

    private int? DistrictId
    {
        get
        {
            var context = http.HttpContext;
            return context?.GetRouteValue("districtId") is { } route && int.TryParse(route.ToString(), out var fromRoute)
                ? fromRoute
                : context?.User.GetDistrictId();
        }
    }

    /// <summary>The viewer's own zone, when they chose one and this machine knows it.</summary>
    public TimeZoneInfo? OwnZone => DisplayTime.FindZone(http.HttpContext?.Request.Cookies[CookieName]);

    /// <summary>The zone to show times in, and whether it is the viewer's own choice rather than the district's.</summary>
    public async ValueTask<(TimeZoneInfo Zone, bool Own)> ResolveAsync(CancellationToken token = default)
    {
        if (_resolved is { } done) return done;
        if (OwnZone is { } own) return (_resolved = (own, true)).Value;
        string? id = null;
        if (DistrictId is { } d)
            id = await db.Districts.AsNoTracking().Where(x => x.Id == d).Select(x => x.TimeZoneId).SingleOrDefaultAsync(token);
        return (_resolved = (DisplayTime.ZoneOrDefault(id), false)).Value;
    }

    /// <summary>
    /// The zone for one value: the viewer's own when chosen, else <paramref name="districtZoneId"/> (a row of another
    /// district), else the request's district zone.
    /// </summary>
    public async ValueTask<TimeZoneInfo> ZoneForAsync(string? districtZoneId, CancellationToken token = default)
    {
        if (OwnZone is { } own) return own;
        if (districtZoneId is not null)
        {
            ShowedRowZones = true;
            return DisplayTime.ZoneOrDefault(districtZoneId);
        }
        return (await ResolveAsync(token)).Zone;
    }
}
