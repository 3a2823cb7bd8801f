using System.IO.Compression;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// Opens a package's .zip defensively: it is district input, so nothing it declares is trusted. Entry names must be
/// bare file names (no folders, no "..", no drive), at the zip root or all in one folder (a zipped export folder: the
/// folder is set aside), each name appears once, and inflating stops the moment the bytes actually produced pass the
/// limit. Only the files Twig reads are inflated at all; a file named as the standard names it but in other letter case
/// (<c>Users.csv</c>) is read under the standard's name, with a note.
/// </summary>
public static class PackageZip
{
    /// <summary>
    /// The files of the zip Twig reads, by the standard's name, every file's name, what was read differently from how the
    /// zip names it (<paramref name="Notes"/>), or the reason the zip is refused.
    /// </summary>
    public sealed record Contents(IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<string> Names, string? Refusal)
    {
        public IReadOnlyList<string> Notes { get; init; } = [];
    }

    public static Contents Open(byte[] zip, OneRosterOptions limits, IReadOnlySet<string> wanted)
    {
        static Contents Refuse(string why) => new(new Dictionary<string, byte[]>(), [], why);

        if (zip.Length == 0)
            return Refuse("The file is empty. A OneRoster package is a .zip holding manifest.csv and the roster's CSV files.");
        if (zip.Length > limits.MaxCompressedBytes)
            return Refuse($"The package is {zip.Length:N0} bytes; at most {limits.MaxCompressedBytes:N0} bytes are accepted.");
        if (zip.Length < 4 || zip[0] != 'P' || zip[1] != 'K')
            return Refuse("The file is not a .zip. A OneRoster package is a .zip holding manifest.csv and the roster's CSV files at its " +
                "root.");

        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            return Refuse("The .zip is damaged and cannot be opened. Export the package again.");
        }

        using (archive)
        {
            var entries = archive.Entries;
            if (entries.Count > limits.MaxEntries)
                return Refuse($"The .zip holds {entries.Count:N0} entries; a OneRoster package has at most {limits.MaxEntries:N0}.");

            var names = new List<string>();
            var notes = new List<string>();
            var named = new Dictionary<ZipArchiveEntry, string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var folder = SharedFolder(entries);
            if (folder is not null)
                notes.Add($"The files sit in the folder \"{Shown(folder.TrimEnd('/'))}\" of the .zip; they were read from there.");
            foreach (var entry in entries)
            {
                var name = entry.FullName;
                // macOS's "Compress" adds resource forks under __MACOSX/ beside the files: never opened, so no path is followed.
                if (IsMacMetadata(name) || name == folder) continue;
                if (folder is not null) name = name[folder.Length..];
                if (name.Length == 0 || name.Contains('/') || name.Contains('\\') || name.Contains(':') || name == ".." || name == "."
                    || name.Any(char.IsControl))
                    return Refuse($"The .zip entry \"{Shown(entry.FullName)}\" has a path in its name. The CSV files must sit at the " +
                        $"root of the .zip, or all in one folder.");
                // Two entries whose names differ only in case would be one file on many systems: which one is meant is unknowable.
                if (!seen.Add(name))
                    return Refuse($"The .zip holds \"{Shown(name)}\" more than once. Each file may appear once.");
                var standard = wanted.FirstOrDefault(w => string.Equals(w, name, StringComparison.OrdinalIgnoreCase)) ?? name;
                if (standard != name) notes.Add($"\"{Shown(name)}\" was read as {standard}, the name the standard gives it.");
                named[entry] = standard;
                names.Add(standard);
            }

            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            long inflated = 0;
            foreach (var entry in entries)
            {
                if (!named.TryGetValue(entry, out var file) || !wanted.Contains(file)) continue;
                // Sized from the declared length (at most what the limit leaves), so a file is held once, not grown by
                // doubling and copied again; a zip that understates a file only costs growth up to the limit.
                var remaining = Math.Max(0, limits.MaxUncompressedBytes - inflated);
                var buffer = new MemoryStream((int)Math.Min(Math.Min(entry.Length, remaining), Array.MaxLength));
                try
                {
                    using var stream = entry.Open();
                    var chunk = new byte[81920];
                    int read;
                    while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                    {
                        inflated += read;
                        if (inflated > limits.MaxUncompressedBytes)
                            return Refuse($"The package inflates to more than {limits.MaxUncompressedBytes:N0} bytes, the most Twig " +
                                $"accepts. Nothing was imported.");
                        buffer.Write(chunk, 0, read);
                    }
                }
                catch (InvalidDataException)
                {
                    return Refuse($"{entry.FullName} in the .zip is damaged and cannot be read. Export the package again.");
                }
                catch (NotSupportedException)
                {
                    return Refuse($"{entry.FullName} in the .zip uses a compression method Twig cannot read (use ordinary \"deflate\" or " +
                        $"no compression).");
                }
                files[file] = buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
            }
            return new Contents(files, names, null) { Notes = notes };
        }
    }

    private static bool IsMacMetadata(string name) => name.StartsWith("__MACOSX/", StringComparison.Ordinal);

    /// <summary>
    /// "Export/" when every entry (macOS's metadata aside) sits in that one top-level folder, as zipping an export folder
    /// makes it; null otherwise, and for a folder name that is itself a path.
    /// </summary>
    private static string? SharedFolder(IEnumerable<ZipArchiveEntry> entries)
    {
        string? folder = null;
        foreach (var name in entries.Select(e => e.FullName).Where(n => !IsMacMetadata(n)))
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0) return null;
            var first = name[..(slash + 1)];
            if (folder is null) folder = first;
            else if (folder != first) return null;
        }
        return folder is null or "./" or "../" || folder.Contains('\\') || folder.Contains(':') || folder.Any(char.IsControl)
            ? null : folder;
    }

    private static string Shown(string value)
    {
        var clean = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length <= 80 ? clean : clean[..80] + "…";
    }
}
