namespace Twig.Web.Domain;

/// <summary>One upload (users.csv, classes.csv, or both as a pair), from validation through preview to its outcome.</summary>
public class CsvImport
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public string UploadedBy { get; set; } = "";
    public DateTime UploadedAt { get; set; }
    public string FileName { get; set; } = "";
    public long SizeBytes { get; set; }
    /// <summary>Hex SHA-256 of the uploaded bytes, kept after the file itself is gone.</summary>
    public string Sha256 { get; set; } = "";
    public int RowCount { get; set; }
    public CsvImportStatus Status { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? AppliedAt { get; set; }
    public string? Message { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Archived { get; set; }
    public int Reactivated { get; set; }
    public int Unchanged { get; set; }

    /// <summary>The classes.csv of this upload, or null when it has none. With <see cref="ClassesOnly"/> the upload has no
    /// users.csv.</summary>
    public string? ClassesFileName { get; set; }
    public long? ClassesSizeBytes { get; set; }
    public string? ClassesSha256 { get; set; }
    /// <summary>True when classes.csv was uploaded alone, against the district's current CSV people.</summary>
    public bool ClassesOnly { get; set; }
    public int ClassRowCount { get; set; }
    public int ClassesCreated { get; set; }
    public int ClassesUpdated { get; set; }
    public int ClassesDeactivated { get; set; }
    public int ClassesUnchanged { get; set; }
    public int EnrollmentsAdded { get; set; }
    public int EnrollmentsRemoved { get; set; }

    /// <summary>What was uploaded: Twig CSV (users.csv / classes.csv) or a OneRoster package. Rows from before this was kept read 0:
    /// CSV.</summary>
    public RosterSource Source { get; set; } = RosterSource.Csv;
    /// <summary>A OneRoster upload whose owner opted in to taking passwords from its users.csv.</summary>
    public bool OneRosterPasswords { get; set; }
    /// <summary>A OneRoster upload's preview (ImportOneRoster.Preview as JSON: counts only, never a name).</summary>
    public string? PreviewJson { get; set; }

    public List<CsvImportIssue> Issues { get; set; } = [];
}

public enum CsvImportStatus
{
    Invalid = 1,
    Previewed = 2,
    Applied = 3,
    Cancelled = 4,
    Expired = 5,
    BlockedByLicense = 6,
    Failed = 7,
}

/// <summary>A problem found in one cell or row; the row number counts the header (the first person is row 2).</summary>
public class CsvImportIssue
{
    public int Id { get; set; }
    public int CsvImportId { get; set; }
    public IssueSeverity Severity { get; set; }
    /// <summary>The file the problem is in (users.csv, classes.csv, …); null on uploads made before classes.csv existed.</summary>
    public string? File { get; set; }
    public int? RowNumber { get; set; }
    public string? Column { get; set; }
    public string Message { get; set; } = "";
}

/// <summary>The uploaded bytes, kept apart from the import row and only until it is confirmed or expires.</summary>
public class CsvImportFile
{
    public int CsvImportId { get; set; }
    /// <summary>users.csv (empty when classes.csv came alone).</summary>
    public byte[] Content { get; set; } = [];
    /// <summary>classes.csv, when the upload has one.</summary>
    public byte[]? ClassesContent { get; set; }
}
