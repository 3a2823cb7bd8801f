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

    /// <summary>The stored message of a cancelled upload, after the review page's "Cancelled." heading.</summary>
    public const string CancelledMessage = "Nothing was changed.";

    /// <summary>
    /// What an upload did to the people it no longer lists, in the source's own word: users.csv archives them (the word its
    /// pages use), a OneRoster package deactivates them (as its preview and result say). The history column says the same.
    /// </summary>
    public static string LeftOutHeading(this RosterSource source) => source == RosterSource.OneRoster ? "Deactivated" : "Archived";

    /// <summary>How a stored message of an applied upload begins ("Applied: 2 created, …", or "Applied." alone).</summary>
    public const string AppliedLead = "Applied";

    /// <summary>How a stored message of an upload the licence refused begins, before the refusal.</summary>
    public const string BlockedLead = "Refused by the licence:";

    /// <summary>The review page's outcome heading for an upload that was not previewed or refused for errors.</summary>
    public static string Heading(this CsvImportStatus status) => status switch
    {
        CsvImportStatus.BlockedByLicense => "Blocked by the licence.",
        CsvImportStatus.Expired => "Expired.",
        CsvImportStatus.Cancelled => "Cancelled.",
        CsvImportStatus.Failed => "Failed.",
        _ => "Not applied.",
    };

    /// <summary>
    /// A stored outcome message shown after the review page's heading, which names the outcome already: the message begins
    /// with it too (<see cref="AppliedLead"/>, <see cref="BlockedLead"/>), because the command line and the audit log print it
    /// alone. "Applied: 2 created, …" reads "2 created, …" there.
    /// </summary>
    public static string? AfterHeading(string? message)
    {
        if (message is null) return null;
        foreach (var lead in (ReadOnlySpan<string>)[BlockedLead, AppliedLead + ":", AppliedLead + "."])
            if (message.StartsWith(lead, StringComparison.Ordinal))
            {
                message = message[lead.Length..].TrimStart();
                break;
            }
        return message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..];
    }

    /// <summary>Whether an upload's counts mean anything: what it did, or would have done; the rest changed nothing.</summary>
    public static bool HasCounts(this CsvImportStatus status) =>
        status is CsvImportStatus.Applied or CsvImportStatus.Previewed or CsvImportStatus.BlockedByLicense;
}
