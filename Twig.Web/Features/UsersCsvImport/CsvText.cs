using Sylvan.Data.Csv;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>What reading users.csv and classes.csv share: the reading loop, the file-level checks, Sylvan's options and blank
/// rows.</summary>
internal static class CsvText
{
    /// <summary>An .xlsx (a zip) starts with "PK\x03\x04": the usual wrong file, named as such rather than parsed.</summary>
    public static bool IsWorkbook(byte[] content) =>
        content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;

    /// <summary>Each file's own words: the problems that stop the reading, and how the messages about its rows name it.</summary>
    public sealed record FileWords
    {
        public required string Empty { get; init; }
        public required string Workbook { get; init; }
        public required string NotUtf8 { get; init; }
        /// <summary>The file at the start of a sentence: "The file" (users.csv, the upload's main file) or "classes.csv".</summary>
        public required string Name { get; init; }
        /// <summary>The file inside a sentence: "the file" or "classes.csv".</summary>
        public required string NameInSentence { get; init; }
        /// <summary>What its rows are, in "at most N … can be uploaded at once": "people", "classes".</summary>
        public required string Rows { get; init; }
        /// <summary>What follows "This row has N values but the header has M columns.": how to keep values apart.</summary>
        public required string ExtraValuesHint { get; init; }
        /// <summary>A header and no rows: why the upload is refused.</summary>
        public required string NoRows { get; init; }
    }

    /// <summary>
    /// One of the two files as <see cref="Read"/> needs it: its known and required columns, the file its issues name (null
    /// for users.csv, which the issues of an upload name by default) and its words.
    /// </summary>
    public sealed record FileLayout(string[] Known, IReadOnlyList<string> Required, string? File, FileWords Words);

    /// <summary>A file's kept rows, every problem found, and how many rows it has (blank ones aside).</summary>
    public sealed record ReadRows<T>(IReadOnlyList<T> Rows, IReadOnlyList<ImportIssue> Issues, int RowCount);

    /// <summary>The file-level checks, in the order a district meets them; null when the file can be read as CSV.</summary>
    public static string? FileProblem(byte[] content, FileWords words) =>
        content.Length == 0 ? words.Empty
        : IsWorkbook(content) ? words.Workbook
        : !CsvReading.IsUtf8Text(content) ? words.NotUtf8
        : null;

    /// <summary>
    /// Reads and checks a whole file, the one way users.csv and classes.csv are read. The file-level checks and the header
    /// stop the reading; blank rows are skipped; every other row is checked by what <paramref name="checker"/> returns for the
    /// header's columns, and its problems are collected so the district sees them all at once; more values than the header
    /// has columns is an error; rows past <paramref name="maxRows"/> are counted, not checked. Only rows without errors are
    /// kept, and none when the reading stopped.
    /// </summary>
    public static ReadRows<T> Read<T>(byte[] content, int maxRows, FileLayout layout,
        Func<CsvDataReader, Dictionary<string, int>, List<ImportIssue>, Func<int, T?>> checker) where T : class
    {
        var issues = new List<ImportIssue>();
        var words = layout.Words;
        ReadRows<T> Fail(string message)
        {
            issues.Add(new ImportIssue(IssueSeverity.Error, null, null, message, layout.File));
            return new ReadRows<T>([], issues, 0);
        }

        if (FileProblem(content, words) is { } problem) return Fail(problem);

        var rows = new List<T>();
        var rowCount = 0;
        var record = 0;
        try
        {
            using var reader = Open(content);
            var columns = ReadHeader(reader, layout.Known, layout.Required, layout.File, issues);
            if (issues.Any(i => i.Severity == IssueSeverity.Error)) return new ReadRows<T>([], issues, 0);

            var check = checker(reader, columns, issues);
            var headerCount = reader.FieldCount;
            while (reader.Read())
            {
                var row = ++record + 1;
                if (IsBlank(reader)) continue;
                rowCount++;
                if (rowCount > maxRows) continue;
                if (ExtraValues(reader, headerCount) > 0)
                {
                    // Its values are out of step with the header (a password may sit under role): only the count is reported.
                    issues.Add(new ImportIssue(IssueSeverity.Error, row, null,
                        $"This row has {reader.RowFieldCount} values but the header has {headerCount} columns. {words.ExtraValuesHint}",
                        layout.File));
                    continue;
                }
                if (check(row) is { } kept) rows.Add(kept);
            }
        }
        catch (CsvRecordTooLargeException)
        {
            return Fail($"A row of {words.NameInSentence} is too long to read (over 16 MB). " +
                "Check for a double quote that is opened but never closed.");
        }
        catch (CsvFormatException ex)
        {
            return Fail($"{words.Name} is not valid CSV near row {ex.RowNumber}: {ex.Message} " +
                "Check for a double quote inside a value that is not doubled (\"\").");
        }

        if (rowCount > maxRows)
            return Fail($"{words.Name} has {rowCount:N0} rows; at most {maxRows:N0} {words.Rows} can be uploaded at once.");
        if (rowCount == 0) issues.Add(new ImportIssue(IssueSeverity.Error, null, null, words.NoRows, layout.File));
        return new ReadRows<T>(rows, issues, rowCount);
    }

    /// <summary>RFC 4180 quoting, UTF-8 with or without BOM, rows up to 16 MB (<see cref="CsvReading"/>).</summary>
    public static CsvDataReader Open(byte[] content) => CsvReading.Create(CsvReading.OpenText(content));

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
        if (missing.Count > 0 && OtherSeparator(reader, known) is { } separator)
        {
            // Excel in many locales saves "CSV" with semicolons: say so, rather than list one long unknown column.
            issues.Add(new ImportIssue(IssueSeverity.Error, 1, null,
                $"The columns are separated by {separator}, not commas. In Excel choose File › Save As › " +
                "\"CSV UTF-8 (Comma delimited) (*.csv)\"; in Google Sheets use File › Download › Comma-separated values.", file));
            return columns;
        }
        if (missing.Count > 0)
            issues.Add(new ImportIssue(IssueSeverity.Error, 1, null,
                $"The header row is missing the required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}. " +
                $"The first row must name the columns: {string.Join(",", known)}.", file));
        foreach (var name in unknown)
            issues.Add(new ImportIssue(IssueSeverity.Warning, 1, name,
                $"The column \"{Shown(name)}\" is not part of the format and is ignored.", file));
        return columns;
    }

    /// <summary>The separator the header row uses instead of commas (semicolons or tabs), when it names known columns so.</summary>
    private static string? OtherSeparator(CsvDataReader reader, string[] known)
    {
        if (reader.FieldCount > 2) return null;
        var header = string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        foreach (var (character, name) in new[] { (';', "semicolons (;)"), ('\t', "tabs") })
            if (header.Split(character).Count(part => known.Contains(part.Trim().ToLowerInvariant())) >= 2) return name;
        return null;
    }
}
