using System.Text;

namespace Twig.Bench;

/// <summary>
/// Reads one Data API page from the wire with a fixed buffer: counts records and finds the <c>next</c>
/// link without building the JSON in memory, so the client side adds nothing to what is measured.
/// </summary>
internal static class PageReader
{
    private static readonly byte[] RecordMarker = Encoding.UTF8.GetBytes("\"uri\":\"/v3.0/users/");
    private static readonly byte[] NextMarker = Encoding.UTF8.GetBytes("\"rel\":\"next\",\"uri\":\"");
    private const int TailSize = 4096;

    public static async Task<(int Records, long Bytes, string? Next)> Read(Stream body, byte[] buffer)
    {
        var records = 0;
        long bytes = 0;
        var tail = new byte[TailSize + buffer.Length];
        var tailLength = 0;
        var carry = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(carry))) > 0)
        {
            var length = carry + read;
            bytes += read;
            var span = buffer.AsSpan(0, length);
            var searchFrom = 0;
            int found;
            while ((found = span[searchFrom..].IndexOf(RecordMarker)) >= 0)
            {
                records++;
                searchFrom += found + RecordMarker.Length;
            }

            // Keep the end of the body: the links come last.
            span.CopyTo(tail.AsSpan(tailLength));
            tailLength += length;
            if (tailLength > TailSize)
            {
                tail.AsSpan(tailLength - TailSize, TailSize).CopyTo(tail);
                tailLength = TailSize;
            }

            // A marker may straddle two reads: carry the last bytes over.
            carry = Math.Min(RecordMarker.Length - 1, length - searchFrom);
            span[(length - carry)..].CopyTo(buffer);
            tailLength -= carry;
        }

        var end = tail.AsSpan(0, tailLength + carry);
        var next = end.LastIndexOf(NextMarker);
        if (next < 0) return (records, bytes, null);
        var start = next + NextMarker.Length;
        var close = end[start..].IndexOf((byte)'"');
        return (records, bytes, Encoding.UTF8.GetString(end.Slice(start, close)));
    }
}
