using System.Text.Json;

namespace Twig.Web.Features.CleverSync.Clever;

/// <summary>
/// One list page as Clever sent it: the UTF-8 body, held whole, and where each record's <c>data</c> object lies in it.
/// The body is read completely and its JSON checked (every token) before any record is handed on, so a page that breaks
/// off mid-way is retried or fails the fetch before a single record of it was compared — as when pages were
/// deserialised whole. Records are then read one by one from the bytes; nothing else of the page is built.
/// One buffer serves every page of a walk (about 7 MB for 10,000 users). A caller may have each record read while the page is
/// indexed (<see cref="IRecordNotes"/>), in the same pass: a note taken then, with no effect, is all most records need.
/// The page is indexed while it arrives, record by record as each is complete, so Clever's time to write the page and ours
/// to read it overlap (as a streaming parser's would) instead of adding up; only what is still in flight waits for the end.
/// </summary>
public sealed class CleverPageBuffer
{
    /// <summary>How far ahead of the indexing the received bytes must reach before the next record is read from them.</summary>
    private const int DefaultMargin = 64 * 1024;

    private readonly int _firstMargin;
    private byte[] _bytes = new byte[64 * 1024];
    private int _length;
    private readonly List<(int Start, int Length, RecordNote Note)> _records = [];
    private IRecordNotes? _notes;
    private bool _nextFound;

    // Where indexing stopped: the reader's state there, its offset in _bytes and the part of the envelope it was in. Always
    // between two tokens the walk can resume at (a top-level property or an item of "data" not begun).
    private JsonReaderState _state;
    private int _offset;
    private Step _step;
    private int _margin;

    public CleverPageBuffer() : this(DefaultMargin) { }

    /// <param name="margin">Bytes that must have arrived beyond the indexed part before more of it is indexed (tests use a few).</param>
    internal CleverPageBuffer(int margin) => _firstMargin = Math.Max(1, margin);

    private enum Step { Start, Properties, Items, End }

    /// <summary>Records on this page whose <c>data</c> is an object (items without one are skipped, as before).</summary>
    public int Count => _records.Count;

    /// <summary>The bytes of record <paramref name="i"/>'s <c>data</c> object, valid until the next page is read.</summary>
    public ReadOnlySpan<byte> Record(int i) => _bytes.AsSpan(_records[i].Start, _records[i].Length);

    /// <summary>What <see cref="IRecordNotes"/> noted of record <paramref name="i"/> while the page was indexed (default
    /// without notes).</summary>
    public RecordNote Note(int i) => _records[i].Note;

    /// <summary>The page's <c>next</c> link, if any.</summary>
    public string? Next { get; private set; }

    /// <summary>Reads <paramref name="body"/> to its end, indexing what has arrived as it goes; the last part once the body
    /// is complete. Throws <see cref="JsonException"/> on invalid JSON.</summary>
    /// <param name="notes">Reads each record as it is indexed; only notes, so a page that turns out invalid changed nothing.</param>
    internal async Task FillAsync(Stream body, long? contentLength, CancellationToken ct, IRecordNotes? notes = null)
    {
        _notes = notes;
        _length = 0;
        _records.Clear();
        Next = null;
        _nextFound = false;
        (_state, _offset, _step, _margin) = (default, 0, Step.Start, _firstMargin);
        if (contentLength is > 0 and < int.MaxValue && contentLength.Value + 1 > _bytes.Length)
            _bytes = new byte[contentLength.Value + 1];
        int read;
        while ((read = await body.ReadAsync(_bytes.AsMemory(_length), ct)) > 0)
        {
            _length += read;
            if (_length == _bytes.Length) Array.Resize(ref _bytes, checked(_bytes.Length * 2));
            if (_length - _offset >= _margin && (notes is null || notes.Ready.IsCompletedSuccessfully)) Index(complete: false);
        }
        if (notes is not null) await notes.Ready.WaitAsync(ct);
        Index(complete: true);
    }

    /// <summary>
    /// Walks the envelope (<c>{"data":[{"data":{…}},…],"links":[{"rel":…,"uri":…}]}</c>, any order, other properties
    /// skipped) from where it stopped and notes each record's bytes; the same shapes the serializer accepted, the same ones
    /// it refused. Before the body is complete, each step (a top-level property, one item) starts only with a margin of
    /// bytes beyond it, and is read as if the body ended there: a step that runs past what arrived fails as invalid JSON
    /// would, and is taken again, with a wider margin, once more has arrived. A step has no effect until it is whole.
    /// </summary>
    private void Index(bool complete)
    {
        var reader = new Utf8JsonReader(_bytes.AsSpan(_offset, _length - _offset), isFinalBlock: true, _state);
        try
        {
            while (_step != Step.End && (complete || _length - _offset >= _margin))
            {
                _step = Walk(ref reader);
                // A resumable point: the step is whole.
                _state = reader.CurrentState;
                _offset += (int)reader.BytesConsumed;
                reader = new Utf8JsonReader(_bytes.AsSpan(_offset, _length - _offset), isFinalBlock: true, _state);
            }
        }
        catch (JsonException) when (!complete)
        {
            // The step ran into bytes not yet arrived (or the page is invalid, which the complete body will say again).
            _margin = checked(_margin * 2);
            return;
        }
        // Anything after the closing brace (other than white space) is invalid JSON: the reader throws.
        if (complete) while (reader.Read()) { }
    }

    /// <summary>One step of the envelope's walk from <see cref="_step"/>; returns the step that follows.</summary>
    private Step Walk(ref Utf8JsonReader reader)
    {
        switch (_step)
        {
            case Step.Start:
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                    throw new JsonException("A page is not a JSON object.");
                return Step.Properties;
            case Step.Items:
                if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray) return Step.Properties;
                Item(ref reader);
                return Step.Items;
        }
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            Expect(ref reader, JsonTokenType.EndObject);
            return Step.End;
        }
        if (reader.ValueTextEquals("data"u8))
        {
            // The last "data" wins, as it did in the serializer.
            _records.Clear();
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) return Step.Properties;
            Expect(ref reader, JsonTokenType.StartArray);
            return Step.Items;
        }
        if (reader.ValueTextEquals("links"u8))
        {
            Next = null;
            _nextFound = false;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) return Step.Properties;
            Expect(ref reader, JsonTokenType.StartArray);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) Link(ref reader);
            return Step.Properties;
        }
        reader.Read();
        reader.Skip();
        return Step.Properties;
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
                record = (_offset + start, (int)reader.BytesConsumed - start, note);
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
