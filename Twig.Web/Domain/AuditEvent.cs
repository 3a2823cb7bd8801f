namespace Twig.Web.Domain;

/// <summary>Who did what, to which district, when and from where.</summary>
public class AuditEvent
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? ActorUserId { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public int? DistrictId { get; set; }
    public string? Details { get; set; }
    public string? IpAddress { get; set; }
}
