using System.Text.Json;

namespace Twig.Web.Features.CleverSync.Clever;

/// <summary>
/// One list page as Clever sent it: the UTF-8 body, held whole, and where each record's <c>data</c> object lies in it.
/// The body is read completely and its JSON checked (every token) before any record is handed on, so a page that breaks
/// off mid-way is retried or fails the fetch before a single record of it was compared — as when pages were
/// deserialised whole. Records are then read one by one from the bytes; nothing else of the page is built.
/// One buffer serves every page of a walk (about 7 MB for 10,000 users). A caller may have each record read while the page is
/// indexed (<see cref="IRecordNotes"/>), in the same pass: a note taken then, with no effect, is all most records need.
/// </summary>
public sealed class CleverPageBuffer
{
    private byte[] _bytes = new byte[64 * 1024];
    private int _length;
    private readonly List<(int Start, int Length, RecordNote Note)> _records = [];
    private IRecordNotes? _notes;
    private bool _nextFound;

    /// <summary>Records on this page whose <c>data</c> is an object (items without one are skipped, as before).</summary>
    public int Count => _records.Count;

    /// <summary>The bytes of record <paramref name="i"/>'s <c>data</c> object, valid until the next page is read.</summary>
    public ReadOnlySpan<byte> Record(int i) => _bytes.AsSpan(_records[i].Start, _records[i].Length);

    /// <summary>What <see cref="IRecordNotes"/> noted of record <paramref name="i"/> while the page was indexed (default
    /// without notes).</summary>
    public RecordNote Note(int i) => _records[i].Note;

    /// <summary>The page's <c>next</c> link, if any.</summary>
    public string? Next { get; private set; }

    /// <summary>Reads <paramref name="body"/> to its end, then indexes it. Throws <see cref="JsonException"/> on invalid JSON.</summary>
    /// <param name="notes">Reads each record as it is indexed; only notes, so a page that turns out invalid changed nothing.</param>
    internal async Task FillAsync(Stream body, long? contentLength, CancellationToken ct, IRecordNotes? notes = null)
    {
        _notes = notes;
        _length = 0;
        _records.Clear();
        Next = null;
        _nextFound = false;
        if (contentLength is > 0 and < int.MaxValue && contentLength.Value + 1 > _bytes.Length)
            _bytes = new byte[contentLength.Value + 1];
        int read;
        while ((read = await body.ReadAsync(_bytes.AsMemory(_length), ct)) > 0)
        {
            _length += read;
            if (_length == _bytes.Length) Array.Resize(ref _bytes, checked(_bytes.Length * 2));
        }
        Index();
    }

    /// <summary>
    /// Walks the envelope (<c>{"data":[{"data":{…}},…],"links":[{"rel":…,"uri":…}]}</c>, any order, other properties
    /// skipped) and notes each record's bytes; the same shapes the serializer accepted, the same ones it refused.
    /// </summary>
    private void Index()
    {
        var reader = new Utf8JsonReader(_bytes.AsSpan(0, _length), isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A page is not a JSON object.");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                // The last "data" wins, as it did in the serializer.
                _records.Clear();
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                Expect(ref reader, JsonTokenType.StartArray);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) Item(ref reader);
            }
            else if (reader.ValueTextEquals("links"u8))
            {
                Next = null;
                _nextFound = false;
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                Expect(ref reader, JsonTokenType.StartArray);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) Link(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        Expect(ref reader, JsonTokenType.EndObject);
        // Anything after the closing brace (other than white space) is invalid JSON: the reader throws.
        while (reader.Read()) { }
    }

    private void Item(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        Expect(ref reader, JsonTokenType.StartObject);
        (int, int, RecordNote)? record = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isData = reader.ValueTextEquals("data"u8);
            reader.Read();
            if (isData && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                var note = default(RecordNote);
                if (_notes is null) reader.Skip();
                else note = _notes.Read(ref reader);
                record = (start, (int)reader.BytesConsumed - start, note);
            }
            else if (isData)
            {
                Expect(ref reader, JsonTokenType.Null);
                record = null;
            }
            else reader.Skip();
        }
        if (record is { } r) _records.Add(r);
    }

    private void Link(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        Expect(ref reader, JsonTokenType.StartObject);
        string? rel = null, uri = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = reader.ValueTextEquals("rel"u8) ? 1 : reader.ValueTextEquals("uri"u8) ? 2 : 0;
            reader.Read();
            if (which == 0)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                throw new JsonException("A link's rel or uri is not a string.");
            var value = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            if (which == 1) rel = value;
            else uri = value;
        }
        // The first link named "next" is followed.
        if (rel != "next" || _nextFound) return;
        _nextFound = true;
        Next = uri;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type) throw new JsonException($"Expected {type} in a page, found {reader.TokenType}.");
    }
}

/// <summary>
/// The two buffers a walk of pages reads into (one handed out, one read ahead), kept by a caller that walks several
/// collections in turn: each grows to the largest page once per sync instead of once per collection — a large-object
/// allocation each time, and the full collection that follows them.
/// </summary>
public sealed class CleverPageBuffers
{
    internal CleverPageBuffer First { get; } = new();
    internal CleverPageBuffer Second { get; } = new();
}
