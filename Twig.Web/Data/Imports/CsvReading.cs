using System.Text;
using Sylvan.Data.Csv;

namespace Twig.Web.Data.Imports;

/// <summary>
/// How every uploaded CSV file is read (users.csv, classes.csv, the files of a OneRoster package), said once: UTF-8 text
/// with or without a BOM, RFC 4180 quoting, rows up to 16 MB, with Sylvan.Data.Csv.
/// </summary>
public static class CsvReading
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

    /// <summary>Valid UTF-8 without NUL bytes (a UTF-16 file is full of them): anything else would garble names.</summary>
    public static bool IsUtf8Text(byte[] content) =>
        System.Text.Unicode.Utf8.IsValid(content) && !content.AsSpan().Contains((byte)0);

    /// <summary>The content as text, past a BOM if it has one.</summary>
    public static StreamReader OpenText(byte[] content)
    {
        var text = new StreamReader(new MemoryStream(content, writable: false), new UTF8Encoding(false),
            detectEncodingFromByteOrderMarks: false);
        if (text.Peek() == '\uFEFF') text.Read();
        return text;
    }

    /// <summary>A reader over <paramref name="text"/>, its header row read (a malformed header throws <see
    /// cref="CsvFormatException"/>).</summary>
    public static CsvDataReader Create(TextReader text) => CsvDataReader.Create(text, Options);
}
