using System.Text;
using Sylvan.Data.Csv;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>What reading users.csv and classes.csv share: the file-level checks, Sylvan's options and blank rows.</summary>
internal static class CsvText
{
    private static readonly CsvDataReaderOptions Options = new()
    {
        HasHeaders = true,
        Delimiter = ',',
        Quote = '"',
        CsvStyle = CsvStyle.Standard,
        BufferSize = 1 << 16,
        MaxBufferSize = 1 << 24,
    };

    /// <summary>An .xlsx (a zip) starts with "PK\x03\x04": the usual wrong file, named as such rather than parsed.</summary>
    public static bool IsWorkbook(byte[] content) =>
        content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;

    public static bool IsUtf8Text(byte[] content) =>
        System.Text.Unicode.Utf8.IsValid(content) && !content.AsSpan().Contains((byte)0);

    /// <summary>Each file's own words for the three problems that stop the reading before any row.</summary>
    public sealed record FileWords(string Empty, string Workbook, string NotUtf8);

    /// <summary>The file-level checks, in the order a district meets them; null when the file can be read as CSV.</summary>
    public static string? FileProblem(byte[] content, FileWords words) =>
        content.Length == 0 ? words.Empty
        : IsWorkbook(content) ? words.Workbook
        : !IsUtf8Text(content) ? words.NotUtf8
        : null;

    /// <summary>RFC 4180 quoting, UTF-8 with or without BOM, rows up to 16 MB.</summary>
    public static CsvDataReader Open(byte[] content)
    {
        var text = new StreamReader(new MemoryStream(content, writable: false), new UTF8Encoding(false),
            detectEncodingFromByteOrderMarks: false);
        if (text.Peek() == '\uFEFF') text.Read();
        return CsvDataReader.Create(text, Options);
    }

    // Both look at the reader's own buffer: only the cells a row keeps become strings.
    public static bool IsBlank(CsvDataReader reader)
    {
        for (var i = 0; i < reader.RowFieldCount; i++)
            if (!reader.GetFieldSpan(i).IsWhiteSpace()) return false;
        return true;
    }

    public static int ExtraValues(CsvDataReader reader, int headerCount)
    {
        var extra = 0;
        for (var i = headerCount; i < reader.RowFieldCount; i++)
            if (!reader.GetFieldSpan(i).IsWhiteSpace()) extra++;
        return extra;
    }

    /// <summary>A value quoted in a message, cut short so the message always fits its column.</summary>
    public static string Shown(string value) => value.Length <= 40 ? value : ColumnLimits.Clip(value, 40) + "…";

    /// <summary>
    /// Maps the header row to ordinals: a repeated or missing required column is an error, an unknown one a warning
    /// (each naming <paramref name="file"/>). The caller stops when an error was added.
    /// </summary>
    public static Dictionary<string, int> ReadHeader(
        CsvDataReader reader, string[] known, IReadOnlyList<string> required, string? file, List<ImportIssue> issues)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i).Trim();
            var key = name.ToLowerInvariant();
            if (name.Length == 0) continue;
            if (!known.Contains(key)) { unknown.Add(ColumnLimits.Clip(name, UsersCsv.Lengths.IssueColumn)); continue; }
            if (!columns.TryAdd(key, i))
                issues.Add(new ImportIssue(IssueSeverity.Error, 1, name,
                    $"The column \"{name}\" appears more than once in the header.", file));
        }
        var missing = required.Where(h => !columns.ContainsKey(h)).ToList();
        if (missing.Count > 0)
            issues.Add(new ImportIssue(IssueSeverity.Error, 1, null,
                $"The header row is missing the required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}. " +
                $"The first row must name the columns: {string.Join(",", known)}.", file));
        foreach (var name in unknown)
            issues.Add(new ImportIssue(IssueSeverity.Warning, 1, name,
                $"The column \"{Shown(name)}\" is not part of the format and is ignored.", file));
        return columns;
    }
}
