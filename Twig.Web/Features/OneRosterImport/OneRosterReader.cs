using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// Reads a OneRoster 1.1 or 1.2 CSV package into what Twig keeps and checks it whole: the zip, the manifest, every
/// row, and every reference between files (or, for a delta, to records Twig already holds). Nothing is written here;
/// any error means the package is refused as a whole.
/// </summary>
public static class OneRosterReader
{
    /// <param name="today">The district's calendar day: rows whose endDate is before it have ended.</param>
    public static OneRosterPackage Read(byte[] zip, OneRosterOptions limits, KnownRecords known, DateOnly today, bool allowPasswords)
    {
        var zipped = PackageZip.Open(zip, limits, OneRosterFiles.Read);
        if (zipped.Refusal is not null)
            return OneRosterPackage.Refused(new PackageIssue(IssueSeverity.Error, null, null, null, zipped.Refusal));
        if (!zipped.Files.TryGetValue(OneRosterFiles.Manifest, out var manifestBytes))
            return OneRosterPackage.Refused(new PackageIssue(IssueSeverity.Error, OneRosterFiles.Manifest, null, null,
                "The .zip has no manifest.csv at its root, so it is not a OneRoster package. Export a OneRoster 1.1 or 1.2 CSV package " +
                    "(it always holds manifest.csv)."));

        var issues = zipped.Notes.Select(note => new PackageIssue(IssueSeverity.Warning, null, null, null, note)).ToList();
        var manifest = PackageManifest.Read(manifestBytes, issues);
        if (manifest is null)
        {
            return new OneRosterPackage
            {
                Version = "",
                Modes = new Dictionary<string, PackageFileMode>(),
                Schools = [],
                Users = [],
                Classes = [],
                Enrollments = [],
                Issues = issues,
                RowCount = 0,
            };
        }

        foreach (var (file, mode) in manifest.Modes)
        {
            if (mode == PackageFileMode.Absent) continue;
            // Files Twig reads carry the standard's name already; one it does not read may be in other letter case.
            if (zipped.Names.Contains(file, StringComparer.OrdinalIgnoreCase)) continue;
            var sent = $"The manifest sends {file} as {mode.ToString().ToLowerInvariant()}, but the .zip has no {file}";
            // A district may take demographics or gradebook files out of an export before sending it: Twig never reads them.
            issues.Add(OneRosterFiles.Read.Contains(file)
                ? new PackageIssue(IssueSeverity.Error, OneRosterFiles.Manifest, null, "file." + file[..^4], sent + ".")
                : new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Manifest, null, "file." + file[..^4],
                    sent + "; Twig does not read it, so nothing is missing."));
        }
        foreach (var name in zipped.Names)
        {
            if (name == OneRosterFiles.Manifest || !name.EndsWith(".csv", StringComparison.Ordinal)) continue;
            if (manifest.ModeOf(name) == PackageFileMode.Absent && OneRosterFiles.Read.Contains(name))
                issues.Add(new PackageIssue(IssueSeverity.Warning, name, null, null,
                    $"The manifest marks {name} absent, so the file in the .zip was not read."));
        }
        // A delta may change people's names and keep their roles; a full list of people needs their roles.
        if (manifest.ModeOf(OneRosterFiles.Users) == PackageFileMode.Bulk && manifest.Version == "1.2"
            && manifest.ModeOf(OneRosterFiles.Roles) == PackageFileMode.Absent)
            issues.Add(new PackageIssue(IssueSeverity.Error, OneRosterFiles.Manifest, null, "file.roles",
                "A OneRoster 1.2 package gives people's roles in roles.csv, but the manifest marks roles.csv absent."));
        if (issues.Any(i => i.Severity == IssueSeverity.Error))
            return new OneRosterPackage
            {
                Version = manifest.Version,
                Modes = manifest.Modes,
                Schools = [],
                Users = [],
                Classes = [],
                Enrollments = [],
                Issues = issues,
                RowCount = 0,
            };

        var reader = new PackageRows(manifest, zipped.Files, issues, limits.MaxRowsPerFile, known, today, allowPasswords);
        return reader.ReadAll();
    }

    internal static IEnumerable<string> Split(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// A OneRoster boolean as exporters write it: the standard's true/false, or 1/0, yes/no, y/n (any case); null when blank
    /// or anything else.
    /// </summary>
    internal static bool? Flag(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        foreach (var word in (ReadOnlySpan<string>)["true", "1", "yes", "y"])
            if (value.Equals(word, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var word in (ReadOnlySpan<string>)["false", "0", "no", "n"])
            if (value.Equals(word, StringComparison.OrdinalIgnoreCase)) return false;
        return null;
    }

    internal static bool IsUsername(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '+' or '-');

    internal static string Shown(string value) => value.Length <= 40 ? value : ColumnLimits.Clip(value, 40) + "…";

    /// <summary>Column lengths from the EF model: a longer name is shortened with a warning, a longer id is an error.</summary>
    internal static class Lengths
    {
        public static readonly int ExternalId = Math.Min(ColumnLimits.Of<Person>(nameof(Person.ExternalId)),
            Math.Min(ColumnLimits.Of<Section>(nameof(Section.ExternalId)), ColumnLimits.Of<School>(nameof(School.ExternalId))));
        public static readonly int FirstName = ColumnLimits.Of<Person>(nameof(Person.FirstName));
        public static readonly int LastName = ColumnLimits.Of<Person>(nameof(Person.LastName));
        public static readonly int MiddleName = ColumnLimits.Of<Person>(nameof(Person.MiddleName));
        public static readonly int Username = RosterFields.Lengths.Username;
        public static readonly int StudentNumber = ColumnLimits.Of<Person>(nameof(Person.StudentNumber));
        public static readonly int Grade = ColumnLimits.Of<Person>(nameof(Person.Grade));
        public static readonly int SchoolName = ColumnLimits.Of<School>(nameof(School.Name));
        public static readonly int SchoolNumber = ColumnLimits.Of<School>(nameof(School.SchoolNumber));
        public static readonly int SectionName = ColumnLimits.Of<Section>(nameof(Section.Name));
        public static readonly int SectionSisId = ColumnLimits.Of<Section>(nameof(Section.SisId));
        public static readonly int SectionGrade = ColumnLimits.Of<Section>(nameof(Section.Grade));
        public static readonly int Subject = ColumnLimits.Of<Section>(nameof(Section.Subject));
        public static readonly int Period = ColumnLimits.Of<Section>(nameof(Section.Period));
    }
}
