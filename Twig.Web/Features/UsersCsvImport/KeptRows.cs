namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// The validated rows of the last few users.csv uploads, in this process's memory, next to the bytes their kept copy decrypts
/// to (<see cref="StoredRows"/>): the preview and the confirmation still read and decrypt the kept copy (which proves it
/// unaltered and not yet swept), and when its bytes are exactly the ones here they take these rows instead of reading 100,000
/// of them back. The bytes hold every field of every row, so equal bytes are equal rows, whichever upload, district or
/// process kept them; a miss (another server, a restart, an evicted entry) reads the copy as before. A file carrying passwords
/// is never held here: its plain-text passwords stay only in the encrypted copy.
/// </summary>
public sealed class KeptRows
{
    /// <summary>Two 100,000-row files are about 100 MB; a district has one pending upload at a time.</summary>
    private const int Capacity = 2;

    private readonly Lock _lock = new();
    private readonly LinkedList<(byte[] Kept, ParsedFile Rows)> _entries = [];

    public void Keep(byte[] kept, ParsedFile rows)
    {
        if (rows.People.Any(p => p.Password is not null)) return;
        lock (_lock)
        {
            _entries.AddFirst((kept, rows));
            while (_entries.Count > Capacity) _entries.RemoveLast();
        }
    }

    /// <summary>The rows whose kept copy is exactly <paramref name="kept"/>, if this process still holds them.</summary>
    public ParsedFile? Find(byte[] kept)
    {
        lock (_lock)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
                if (node.Value.Kept.AsSpan().SequenceEqual(kept)) return node.Value.Rows;
            return null;
        }
    }

    /// <summary>Once an upload is applied its rows are not needed again.</summary>
    public void Forget(ParsedFile rows)
    {
        lock (_lock)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
                if (ReferenceEquals(node.Value.Rows, rows))
                {
                    _entries.Remove(node);
                    return;
                }
        }
    }
}
