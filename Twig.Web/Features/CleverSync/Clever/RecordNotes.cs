using System.Text.Json;

namespace Twig.Web.Features.CleverSync.Clever;

/// <summary>
/// Reads each record of a page in the pass that indexes it (on the thread that reads the page ahead), so a record is
/// tokenised once. It may only note what it found: the page is not known valid until its last byte, and nothing may have
/// changed if it is not.
/// </summary>
public interface IRecordNotes
{
    /// <summary>The record at <paramref name="reader"/>, which is on its opening brace and must be left on its closing one.</summary>
    RecordNote Read(ref Utf8JsonReader reader);

    /// <summary>
    /// Completes once notes can be taken (what they compare with may still be loading). Until then the page's bytes are
    /// read as they arrive and indexed afterwards, so the request goes out, and Clever writes the page, meanwhile.
    /// </summary>
    Task Ready => Task.CompletedTask;
}

/// <summary>A note on one record: an existing string the caller can act on (null: nothing noted) and a number with it.</summary>
public readonly record struct RecordNote(string? Key, int Count);
