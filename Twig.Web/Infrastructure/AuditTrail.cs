using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure;

/// <summary>
/// Adds an audit entry to the current unit of work, so it is saved (or rolled back) with the change it describes.
/// Details never hold passwords, tokens or a student's personal data.
/// </summary>
public sealed class AuditTrail(TwigDb db, CurrentActor actor, TimeProvider clock)
{
    public void Record(string action, int? districtId, string? details = null) =>
        db.AuditEvents.Add(new AuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorUserId = actor.UserId,
            Actor = actor.Name,
            Action = action,
            DistrictId = districtId,
            Details = details,
            IpAddress = actor.IpAddress,
        });
}
