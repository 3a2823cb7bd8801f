namespace Twig.Web.Domain;

/// <summary>
/// What every record that a roster source owns carries: who owns it, its key in that source,
/// and whether it is still there. Records are deactivated, never deleted, so they can come back.
/// </summary>
public abstract class RosteredRecord
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public RosterSource Source { get; set; }
    public string ExternalId { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTime? DeactivatedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public void Deactivate(DateTime now)
    {
        if (!IsActive) return;
        IsActive = false;
        DeactivatedAt = now;
        UpdatedAt = now;
    }

    public void Reactivate(DateTime now)
    {
        if (IsActive) return;
        IsActive = true;
        DeactivatedAt = null;
        UpdatedAt = now;
    }
}
