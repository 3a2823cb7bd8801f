namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// Limits of a OneRoster package (configuration section <c>OneRosterImport</c>). The uncompressed limit is enforced on
/// the bytes actually inflated, not on the sizes the zip declares, because a zip bomb lies about them.
/// </summary>
public sealed class OneRosterOptions
{
    public const string Section = "OneRosterImport";
    /// <summary>The largest .zip accepted.</summary>
    public long MaxCompressedBytes { get; set; } = 200L * 1024 * 1024;
    /// <summary>
    /// The most bytes all the files Twig reads may inflate to, together: held in memory while the package is read, so it
    /// bounds what one upload can take from the server. 1 GiB holds a 500,000-student district's package (its two million
    /// enrollment rows, the per-file row limit, are about 300 MB).
    /// </summary>
    public long MaxUncompressedBytes { get; set; } = 1L * 1024 * 1024 * 1024;
    /// <summary>The most data rows in any one file (enrollments are the largest: about four per student).</summary>
    public int MaxRowsPerFile { get; set; } = 2_000_000;
    /// <summary>The most entries the zip may hold (a OneRoster package has about twenty files).</summary>
    public int MaxEntries { get; set; } = 100;
    /// <summary>How long an uploaded package waits for its preview to be confirmed (its encrypted copy is deleted then).</summary>
    public TimeSpan PreviewLifetime { get; set; } = TimeSpan.FromHours(1);
}
