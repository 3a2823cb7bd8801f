using System.Security.Claims;

namespace Twig.Web.Infrastructure;

/// <summary>Who is acting right now, for audit entries and "requested by": a person on a page, the command line or the scheduler.</summary>
public sealed class CurrentActor(IHttpContextAccessor http)
{
    private string? _override;

    public string? UserId => http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public string Name => _override ?? http.HttpContext?.User.Identity?.Name ?? "system";

    public string? IpAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    /// <summary>Names a non-web actor, such as "command line (root)" or "nightly schedule".</summary>
    public void ActAs(string name) => _override = name;
}
