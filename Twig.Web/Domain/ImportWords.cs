namespace Twig.Web.Domain;

/// <summary>How an upload's outcome reads to people, on the import history and the dashboard alike.</summary>
public static class ImportWords
{
    public static string Describe(this CsvImportStatus status) => status switch
    {
        CsvImportStatus.Previewed => "Waiting for confirmation",
        CsvImportStatus.BlockedByLicense => "Blocked by licence",
        CsvImportStatus.Invalid => "Errors, not applied",
        CsvImportStatus.Applied => "Applied",
        CsvImportStatus.Cancelled => "Cancelled",
        CsvImportStatus.Expired => "Expired, not applied",
        CsvImportStatus.Failed => "Failed, not applied",
        _ => status.ToString(),
    };

    /// <summary>
    /// Only an applied upload changed anyone; a preview or a licence block shows what it would have done; the rest did nothing.
    /// </summary>
    public static string CountText(this CsvImportStatus status, int count) =>
        !status.HasCounts() ? "—"
        : status == CsvImportStatus.Applied || count == 0 ? count.ToString("N0")
        : "would " + count.ToString("N0");

    /// <summary>Whether an upload's counts mean anything: what it did, or would have done; the rest changed nothing.</summary>
    public static bool HasCounts(this CsvImportStatus status) =>
        status is CsvImportStatus.Applied or CsvImportStatus.Previewed or CsvImportStatus.BlockedByLicense;
}
