using System.Text.Json;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>A string value of a record, as a range of <see cref="RecordText"/>'s characters (no string built). Start −1 is JSON
/// null.</summary>
internal readonly record struct TextField(int Start, int Length)
{
    public static readonly TextField Null = new(-1, 0);
    public bool IsNull => Start < 0;
}

/// <summary>
/// One reusable character buffer the fetcher unescapes a record's string values into, so a record is checked and hashed
/// from its characters without building a string; strings are built only for records that are kept.
/// </summary>
internal sealed class RecordText
{
    private char[] _chars = new char[4096];
    private int _used;

    public void Clear() => _used = 0;

    public ReadOnlySpan<char> this[TextField field] => field.IsNull ? default : _chars.AsSpan(field.Start, field.Length);

    /// <summary>The string or null at the reader; false when the value is neither (the serializer would refuse it).</summary>
    public bool TryCopy(ref Utf8JsonReader reader, out TextField field)
    {
        field = TextField.Null;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.String) return false;
        // UTF-16 never needs more code units than the value has UTF-8 (or escaped) bytes.
        var most = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (_used + most > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + most));
        int written;
        try
        {
            written = reader.CopyString(_chars.AsSpan(_used));
        }
        catch (InvalidOperationException)
        {
            return false; // not valid UTF-8: the serializer's own read decides what that means
        }
        field = new TextField(_used, written);
        _used += written;
        return true;
    }

    /// <summary>The fetcher's Clean: null when null or white space, else trimmed.</summary>
    public TextField Clean(TextField field)
    {
        if (field.IsNull) return field;
        var span = this[field];
        var start = 0;
        while (start < span.Length && char.IsWhiteSpace(span[start])) start++;
        if (start == span.Length) return TextField.Null;
        var end = span.Length;
        while (char.IsWhiteSpace(span[end - 1])) end--;
        return new TextField(field.Start + start, end - start);
    }

    public bool IsNullOrWhiteSpace(TextField field) => field.IsNull || this[field].IsWhiteSpace();

    public string? String(TextField field) => field.IsNull ? null : new string(this[field]);
}
