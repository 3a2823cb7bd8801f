using Twig.Web.Domain;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// manifest.csv: <c>propertyName,value</c> rows giving <c>manifest.version</c>, <c>oneroster.version</c> (1.1 or 1.2) and
/// <c>file.&lt;name&gt;</c> = absent | bulk | delta. A package without one, or with a version Twig does not read, is refused:
/// guessing what an unknown format means could deactivate a district.
/// </summary>
public sealed record PackageManifest(string Version, IReadOnlyDictionary<string, PackageFileMode> Modes)
{
    public static readonly IReadOnlyList<string> Versions = ["1.1", "1.2"];

    public PackageFileMode ModeOf(string file) => Modes.TryGetValue(file, out var mode) ? mode : PackageFileMode.Absent;

    public static PackageManifest? Read(byte[] content, List<PackageIssue> issues)
    {
        const string file = OneRosterFiles.Manifest;
        var before = issues.Count;
        void Error(int? row, string? column, string message) =>
            issues.Add(new PackageIssue(IssueSeverity.Error, file, row, column, message));

        using var table = PackageTable.Open(file, content, ["propertyName", "value"], [], issues, 1000);
        if (table is null) return null;
        var properties = new Dictionary<string, (string Value, int Row)>(StringComparer.Ordinal);
        while (table.Read())
        {
            var name = table.Get("propertyName");
            if (name.Length == 0) continue;
            if (!properties.TryAdd(name, (table.Get("value"), table.Row)))
                Error(table.Row, "propertyName", $"The property {name} appears more than once in manifest.csv.");
        }
        if (issues.Skip(before).Any(i => i.Severity == IssueSeverity.Error)) return null;

        if (!properties.TryGetValue("manifest.version", out var manifestVersion))
            Error(null, "propertyName", "manifest.csv has no manifest.version row; it is not a OneRoster manifest.");
        // Exporters write 1.0 or plain 1; both mean the one manifest format there is.
        else if (manifestVersion.Value is not ("1.0" or "1"))
            Error(manifestVersion.Row, "value",
                $"manifest.version \"{OneRosterReader.Shown(manifestVersion.Value)}\" is not 1.0, the manifest format Twig reads.");

        string version = "";
        if (!properties.TryGetValue("oneroster.version", out var oneRoster))
            Error(null, "propertyName", "manifest.csv has no oneroster.version row. Twig reads OneRoster 1.1 and 1.2 packages.");
        else if (!Versions.Contains(oneRoster.Value))
            Error(oneRoster.Row, "value",
                $"oneroster.version \"{OneRosterReader.Shown(oneRoster.Value)}\" is not a version Twig reads (1.1 or 1.2).");
        else version = oneRoster.Value;

        var modes = new Dictionary<string, PackageFileMode>(StringComparer.Ordinal);
        foreach (var (name, (value, row)) in properties)
        {
            if (!name.StartsWith("file.", StringComparison.Ordinal)) continue;
            PackageFileMode? mode = value.ToLowerInvariant() switch
            {
                "absent" or "" => PackageFileMode.Absent,
                "bulk" => PackageFileMode.Bulk,
                "delta" => PackageFileMode.Delta,
                _ => null,
            };
            if (mode is null) Error(row, "value", $"{name} is \"{OneRosterReader.Shown(value)}\"; it must be absent, bulk or delta.");
            else modes[name["file.".Length..] + ".csv"] = mode.Value;
        }
        if (!modes.Values.Any(m => m != PackageFileMode.Absent) && issues.Skip(before).All(i => i.Severity != IssueSeverity.Error))
            Error(null, null, "The manifest marks every file absent, so the package holds nothing to import.");

        return issues.Skip(before).Any(i => i.Severity == IssueSeverity.Error) ? null : new PackageManifest(version, modes);
    }
}
