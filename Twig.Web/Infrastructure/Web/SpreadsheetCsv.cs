using System.Text;

namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// Downloadable reports people open in Excel: UTF-8 with a BOM, cells quoted as RFC 4180 asks, and no cell
/// a spreadsheet would run as a formula (a leading = + - @, a control character, NUL,
/// or the full-width ＝ ＋ － ＠ some spreadsheets also read as formulas, gets a leading apostrophe).
/// </summary>
public static class SpreadsheetCsv
{
    public static string Cell(string? value)
    {
        value ??= "";
        if (value.Length > 0 && RunsAsFormula(value[0])) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>
    /// A cell of a file Twig wrote, as it was before <see cref="Cell"/> guarded it: "'=x" is "=x" again, so a downloaded
    /// users.csv uploaded unchanged changes nothing. Only an apostrophe before a character the guard covers is taken off.
    /// </summary>
    public static ReadOnlySpan<char> Unguarded(ReadOnlySpan<char> cell) =>
        cell.Length > 1 && cell[0] == '\'' && RunsAsFormula(cell[1]) ? cell[1..] : cell;

    private static bool RunsAsFormula(char first) => first is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '\0'
        or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';

    public static byte[] Build(IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', header.Select(Cell)).Append("\r\n");
        foreach (var row in rows) csv.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }
}
