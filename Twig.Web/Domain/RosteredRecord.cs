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

    /// <summary>
    /// What deactivating a record writes, stated once for every writer (syncs and imports deactivate whole sets of rows
    /// in one statement, so the rule is the columns, not a method on a loaded entity): inactive, since now, updated now.
    /// Enrollments carry the same three columns and are written with the same sets.
    /// </summary>
    public static (string Property, object? Value)[] Deactivation(DateTime now) =>
        [(nameof(IsActive), false), (nameof(DeactivatedAt), now), (nameof(UpdatedAt), now)];

    /// <summary>What bringing a record back writes: active again, no deactivation date, updated now.</summary>
    public static (string Property, object? Value)[] Reactivation(DateTime now) =>
        [(nameof(IsActive), true), (nameof(DeactivatedAt), null), (nameof(UpdatedAt), now)];
}
