namespace Twig.Web.Domain;

/// <summary>A district's data as a zip of CSVs, built in the background and downloadable for a limited time.</summary>
public class DistrictExport
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTime RequestedAt { get; set; }
    public DistrictExportStatus Status { get; set; } = DistrictExportStatus.Queued;
    /// <summary>Which app instance builds it, so two instances never build the same export.</summary>
    public string? ClaimedBy { get; set; }
    /// <summary>
    /// Until when <see cref="ClaimedBy"/> holds the build: renewed after each file. An instance that stopped half-way (a crash,
    /// a deploy) leaves a claim that lapses, and the next instance's queue builds the export again.
    /// </summary>
    public DateTime? ClaimedUntil { get; set; }
    public int ProgressDone { get; set; }
    public int ProgressTotal { get; set; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>After this the zip is deleted; the row (with its hash) stays for the record.</summary>
    public DateTime? ExpiresAt { get; set; }
    public long SizeBytes { get; set; }
    public string? Sha256 { get; set; }
    public string? Message { get; set; }
}

public enum DistrictExportStatus
{
    Queued = 1,
    Running = 2,
    Ready = 3,
    Failed = 4,
    Expired = 5,
}

/// <summary>The zip itself, kept apart from its row and only until it expires.</summary>
public class DistrictExportFile
{
    public int DistrictExportId { get; set; }
    public byte[] Content { get; set; } = [];
}
