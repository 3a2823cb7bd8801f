namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// How long Twig keeps each kind of record, and the timings of export and deletion (configuration section
/// <c>DataStewardship</c>). The privacy page is generated from these same values, so it never disagrees with the jobs.
/// </summary>
public sealed class DataStewardshipOptions
{
    public const string Section = "DataStewardship";

    /// <summary>Sync run warnings and the lists of people a held run would have deactivated.</summary>
    public int SyncWarningsDays { get; set; } = 90;
    /// <summary>The row-level problems found in users.csv uploads (the uploaded files go at confirm, cancel or expiry).</summary>
    public int ImportIssuesDays { get; set; } = 90;
    public int NotificationsDays { get; set; } = 365;
    /// <summary>Audit events carry no student data, so they are kept longest.</summary>
    public int AuditEventsDays { get; set; } = 3 * 365;
    /// <summary>A person deactivated for longer than this loses their personal fields; the row and external id stay.</summary>
    public int DeactivatedPeopleDays { get; set; } = 365;
    /// <summary>A subscription expired for longer than this puts the district on the "data to delete" list.</summary>
    public int ExpiredSubscriptionDays { get; set; } = 90;
    /// <summary>Between a support admin scheduling a deletion and the job carrying it out; cancellable meanwhile.</summary>
    public int DeletionGraceDays { get; set; } = 30;
    public TimeSpan ExportLifetime { get; set; } = TimeSpan.FromHours(24);
    /// <summary>
    /// Rows per delete statement. SQL Server escalates to a table lock at about 5,000 locks on one object, so a
    /// batch stays under it and other districts' syncs never wait on a deletion.
    /// </summary>
    public int DeleteBatchSize { get; set; } = 4_000;
    /// <summary>Hour of the day (UTC) when the retention job runs.</summary>
    public int RetentionHourUtc { get; set; } = 3;
}
