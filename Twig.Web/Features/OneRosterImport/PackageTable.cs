using Sylvan.Data.Csv;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// One CSV file of a package, read row by row with Sylvan.Data.Csv: UTF-8 (a BOM is fine), RFC 4180 quoting, CRLF or LF,
/// no final newline. Headers are matched exactly as the standard spells them (a differently cased header is accepted
/// with a warning). Empty values after the last column (a stray comma) are tolerated once per file with a warning;
/// a non-empty one refuses the row, because the columns of that row no longer line up.
/// </summary>
public sealed class PackageTable : IDisposable
{
    private readonly string _file;
    private readonly CsvDataReader _reader;
    private readonly StreamReader _text;
    private readonly Dictionary<string, int> _columns;
    private readonly List<PackageIssue> _issues;
    private readonly int _headerCount;
    private readonly int _maxRows;
    private bool _warnedTrailing;
    private int _record;

    private PackageTable(string file, StreamReader text, CsvDataReader reader, Dictionary<string, int> columns, List<PackageIssue> issues,
        int maxRows)
    {
        _file = file;
        _text = text;
        _reader = reader;
        _columns = columns;
        _issues = issues;
        _headerCount = reader.FieldCount;
        _maxRows = maxRows;
    }

    /// <summary>The row being read, counting the header as row 1.</summary>
    public int Row => _record + 1;

    /// <summary>Data rows read so far (blank lines are not rows).</summary>
    public int RowCount { get; private set; }

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>Nothing but a byte order mark and white space: a file with no header row at all.</summary>
    public static bool IsEmpty(byte[] content) =>
        content.AsSpan(content.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0).Trim(" \t\r\n"u8).IsEmpty;

    /// <summary>
    /// Opens the file, or adds the reason it cannot be read and returns null: not UTF-8, no header, a required column missing.
    /// </summary>
    public static PackageTable? Open(string file, byte[] content, IReadOnlyCollection<string> required,
        IReadOnlyCollection<string> optional,
        List<PackageIssue> issues, int maxRows)
    {
        if (!CsvReading.IsUtf8Text(content))
        {
            issues.Add(new PackageIssue(IssueSeverity.Error, file, null, null,
                $"{file} is not UTF-8 text. OneRoster files are UTF-8; export the package again with UTF-8 encoding."));
            return null;
        }
        if (IsEmpty(content))
        {
            issues.Add(new PackageIssue(IssueSeverity.Error, file, null, null,
                $"{file} is empty: it has not even a header row. Export the package again, or mark {file} absent in manifest.csv."));
            return null;
        }
        var text = CsvReading.OpenText(content);
        CsvDataReader reader;
        try
        {
            reader = CsvReading.Create(text);
        }
        catch (CsvFormatException ex)
        {
            text.Dispose();
            issues.Add(new PackageIssue(IssueSeverity.Error, file, 1, null, $"The header of {file} is not valid CSV: {ex.Message}"));
            return null;
        }

        var known = required.Concat(optional).ToList();
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var before = issues.Count;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i).Trim();
            if (name.Length == 0) continue;
            var match = known.FirstOrDefault(k => k == name)
                ?? known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (match is null) continue; // Columns Twig does not keep (demographics, phone, …) are not read at all.
            if (match != name)
                issues.Add(new PackageIssue(IssueSeverity.Warning, file, 1, name,
                    $"The column \"{name}\" is spelled \"{match}\" in the standard; it was read as {match}."));
            if (!columns.TryAdd(match, i))
                issues.Add(new PackageIssue(IssueSeverity.Error, file, 1, name,
                    $"The column \"{match}\" appears more than once in the header of {file}."));
        }
        var missing = required.Where(r => !columns.ContainsKey(r)).ToList();
        if (missing.Count > 0)
            issues.Add(new PackageIssue(IssueSeverity.Error, file, 1, null,
                $"The header of {file} is missing the required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}."));
        if (issues.Skip(before).Any(i => i.Severity == IssueSeverity.Error))
        {
            reader.Dispose();
            text.Dispose();
            return null;
        }
        return new PackageTable(file, text, reader, columns, issues, maxRows);
    }

    /// <summary>Moves to the next non-blank row; false at the end, or when the file has more rows than allowed (with an error).</summary>
    public bool Read()
    {
        try
        {
            while (_reader.Read())
            {
                _record++;
                if (IsBlank()) continue;
                if (++RowCount > _maxRows)
                {
                    _issues.Add(new PackageIssue(IssueSeverity.Error, _file, null, null,
                        $"{_file} has more than {_maxRows:N0} rows, the most Twig reads from one file."));
                    return false;
                }
                if (_reader.RowFieldCount > _headerCount && !CheckTrailing()) continue;
                return true;
            }
        }
        catch (CsvRecordTooLargeException)
        {
            _issues.Add(new PackageIssue(IssueSeverity.Error, _file, Row + 1, null,
                $"A row of {_file} is too long to read (over 16 MB). Check for a double quote that is opened but never closed."));
        }
        catch (CsvFormatException ex)
        {
            _issues.Add(new PackageIssue(IssueSeverity.Error, _file, Row + 1, null, $"{_file} is not valid CSV here: {ex.Message}"));
        }
        return false;
    }

    /// <summary>The trimmed value of a column on this row; empty when the column or the value is missing.</summary>
    public string Get(string column) => Get(Ordinal(column));

    /// <summary>The column's position in the file, or -1 when the file does not have it: looked up once per file, not per row.</summary>
    public int Ordinal(string column) => _columns.TryGetValue(column, out var ordinal) ? ordinal : -1;

    /// <summary>The trimmed value at <paramref name="ordinal"/> (from <see cref="Ordinal"/>); empty when missing. No string is made for a
    /// blank value.</summary>
    public string Get(int ordinal)
    {
        var span = Span(ordinal);
        return span.Length == 0 ? "" : span.ToString();
    }

    /// <summary>The trimmed value at <paramref name="ordinal"/> without copying it: valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> Span(int ordinal) =>
        ordinal >= 0 && ordinal < _reader.RowFieldCount ? _reader.GetFieldSpan(ordinal).Trim() : default;

    public string? Optional(string column)
    {
        var value = Get(column);
        return value.Length == 0 ? null : value;
    }

    public void Error(string? column, string message) => _issues.Add(new PackageIssue(IssueSeverity.Error, _file, Row, column, message));

    public void Warning(string? column, string message) => _issues.Add(new PackageIssue(IssueSeverity.Warning, _file, Row, column,
        message));

    private bool IsBlank()
    {
        // Spans, not strings: a blank check must not copy every cell of every row (most columns are never kept).
        for (var i = 0; i < _reader.RowFieldCount; i++)
            if (!_reader.GetFieldSpan(i).IsWhiteSpace()) return false;
        return true;
    }

    /// <summary>False (with an error) when the row has non-empty values past the header's last column.</summary>
    private bool CheckTrailing()
    {
        for (var i = _headerCount; i < _reader.RowFieldCount; i++)
        {
            if (_reader.GetFieldSpan(i).IsWhiteSpace()) continue;
            Error(null,
                $"This row has {_reader.RowFieldCount} values but the header of {_file} has {_headerCount} columns. A value holding a " +
                $"comma must be in double quotes.");
            return false;
        }
        if (!_warnedTrailing)
        {
            _warnedTrailing = true;
            Warning(null, $"Rows of {_file} end with an empty value after the last column (a trailing comma); it was ignored.");
        }
        return true;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _text.Dispose();
    }
}
