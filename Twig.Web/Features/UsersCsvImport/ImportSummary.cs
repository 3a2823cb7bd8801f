using System.Linq.Expressions;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// One upload as its pages show it (the history, the review, the owner's dashboard), read with <see cref="Projection"/> and
/// then seen <see cref="AsSeenAt"/> the request's time.
/// </summary>
public sealed record ImportSummary
{
    public int Id { get; init; }
    public DateTime UploadedAt { get; init; }
    public string UploadedBy { get; init; } = "";
    public string FileName { get; init; } = "";
    public long SizeBytes { get; init; }
    public string Sha256 { get; init; } = "";
    public int RowCount { get; init; }
    public CsvImportStatus Status { get; init; }
    public string? Message { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public DateTime? AppliedAt { get; init; }
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Reactivated { get; init; }
    public int Archived { get; init; }
    public int Unchanged { get; init; }
    public string? ClassesFileName { get; init; }
    public string? ClassesSha256 { get; init; }
    public bool ClassesOnly { get; init; }
    public int ClassRowCount { get; init; }
    public int ClassesCreated { get; init; }
    public int ClassesUpdated { get; init; }
    public int ClassesDeactivated { get; init; }
    public int EnrollmentsAdded { get; init; }
    public int EnrollmentsRemoved { get; init; }
    public RosterSource Source { get; init; } = RosterSource.Csv;

    /// <summary>The page that shows this upload: a OneRoster package's review, or the users.csv/classes.csv review.</summary>
    public string ReviewPage => Source == RosterSource.OneRoster ? "/OneRosterImport/PackageReview" : "/UsersCsvImport/Review";

    public static readonly Expression<Func<CsvImport, ImportSummary>> Projection = i => new ImportSummary
    {
        Id = i.Id, UploadedAt = i.UploadedAt, UploadedBy = i.UploadedBy, FileName = i.FileName, SizeBytes = i.SizeBytes,
        Sha256 = i.Sha256, RowCount = i.RowCount, Status = i.Status, Message = i.Message, ExpiresAt = i.ExpiresAt,
        AppliedAt = i.AppliedAt, Created = i.Created, Updated = i.Updated, Reactivated = i.Reactivated, Archived = i.Archived,
        Unchanged = i.Unchanged, ClassesFileName = i.ClassesFileName, ClassesSha256 = i.ClassesSha256,
        ClassesOnly = i.ClassesOnly, ClassRowCount = i.ClassRowCount,
        ClassesCreated = i.ClassesCreated, ClassesUpdated = i.ClassesUpdated, ClassesDeactivated = i.ClassesDeactivated,
        EnrollmentsAdded = i.EnrollmentsAdded, EnrollmentsRemoved = i.EnrollmentsRemoved, Source = i.Source,
    };

    /// <summary>
    /// The history's classes cell: "—" for an upload without classes or one that changed nothing, otherwise each count as
    /// <see cref="ImportWords.CountText"/> says it ("would 130" for a plan nobody applied).
    /// </summary>
    public string ClassesText()
    {
        if ((ClassesFileName is null && Source != RosterSource.OneRoster) || !Status.HasCounts()) return "—";
        string Count(int count) => Status.CountText(count);
        return $"{Count(ClassesCreated)} created, {Count(ClassesUpdated)} updated, {Count(ClassesDeactivated)} deactivated; " +
            $"enrollments {Count(EnrollmentsAdded)} added, {Count(EnrollmentsRemoved)} removed";
    }

    /// <summary>
    /// The review page's "12 rows of people": a refused file whose reading stopped (a wrong header, not CSV, too many rows)
    /// counted none, and "0 rows" would misread as an empty file, so it says that nothing was read.
    /// </summary>
    public string RowsText(int count, string what) =>
        count == 0 && Status == CsvImportStatus.Invalid ? $"no rows read as {what}" : $"{Counted.Of(count, "row")} of {what}";

    /// <summary>A preview past its lifetime reads as expired before the sweep gets to it.</summary>
    public ImportSummary AsSeenAt(DateTime now) =>
        Status == CsvImportStatus.Previewed && ExpiresAt < now
            ? this with { Status = CsvImportStatus.Expired, Message = ImportMaintenance.ExpiredMessage }
            : this;
}
