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
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '\0'
            or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    public static byte[] Build(IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', header.Select(Cell)).Append("\r\n");
        foreach (var row in rows) csv.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }
}
