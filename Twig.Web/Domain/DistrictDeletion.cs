namespace Twig.Web.Domain;

/// <summary>
/// Deleting a district's data at the end of its contract: scheduled by a support admin, run by a job once its grace
/// period is over (or cancelled before), and afterwards the deletion certificate. The district row and its audit stay.
/// </summary>
public class DistrictDeletion
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public DistrictDeletionStatus Status { get; set; } = DistrictDeletionStatus.Scheduled;
    public string RequestedBy { get; set; } = "";
    public DateTime RequestedAt { get; set; }
    /// <summary>The end of the grace period: the job deletes on or after this moment.</summary>
    public DateTime DueAt { get; set; }
    public string? CancelledBy { get; set; }
    public DateTime? CancelledAt { get; set; }
    public DateTime? StartedAt { get; set; }
    /// <summary>
    /// Until when one instance holds the deletion: every instance runs the hourly job at the same minute, and only the
    /// holder deletes. Renewed after each table; a deletion stopped half-way is resumed once its claim has lapsed.
    /// </summary>
    public DateTime? ClaimedUntil { get; set; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>Who or what carried the deletion out ("deletion schedule", "command line (root)").</summary>
    public string? CompletedBy { get; set; }
    /// <summary>Rows deleted per table, as JSON (<c>{"People": 20000, ...}</c>): the certificate's body.</summary>
    public string? CountsJson { get; set; }
    /// <summary>Hex SHA-256 of the district's last data export, when one was made before the deletion.</summary>
    public string? ExportSha256 { get; set; }
    public DateTime? ExportCreatedAt { get; set; }
}

public enum DistrictDeletionStatus
{
    Scheduled = 1,
    Cancelled = 2,
    Running = 3,
    Completed = 4,
}
