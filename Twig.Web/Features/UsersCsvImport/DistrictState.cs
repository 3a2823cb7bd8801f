using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// A CSV person already in the district, as the plan needs them (no change tracking). Loaded <see cref="Compact"/> (only
/// what every row is checked against: ids, role, active flag, stored row hash) when the row that names them matches its
/// stored hash; in full when the row must be compared field by field, or the person would be archived.
/// </summary>
public sealed class ExistingPerson
{
    private bool _hasPassword;
    private HashSet<int>? _schoolIds;

    public int Id { get; init; }
    public string ExternalId { get; init; } = "";
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string? Email { get; init; }
    public string? Username { get; init; }
    public string? PasswordHash { get; init; }
    public PersonRoles Roles { get; init; }
    public bool IsActive { get; init; }
    // Made when the person is read in full: most are read compactly and never need one.
    public HashSet<int> SchoolIds => _schoolIds ??= [];
    /// <summary>The stored <see cref="CsvRowHashes"/> hash; null for rows written before it existed.</summary>
    public long? RowHash { get; init; }
    /// <summary>True when only the compact fields were read: names, e-mail, username, password and schools are not here.</summary>
    public bool Compact { get; init; }
    /// <summary>Whether a password is stored (read without the hash itself when <see cref="Compact"/>).</summary>
    public bool HasPassword { get => _hasPassword || PasswordHash is not null; init => _hasPassword = value; }
    /// <summary>The file row last found to match <see cref="RowHash"/> (see <see cref="DistrictState.UnchangedByHash"/>).</summary>
    internal CsvPerson? MatchedRow { get; set; }
}

/// <summary>The district as an import sees it: its CSV people by user_id, every username in use, its schools.</summary>
public sealed partial class DistrictState
{
    private readonly Dictionary<string, int?> _schoolIdsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _schoolKeys = new(StringComparer.Ordinal);
    private Func<string, int?>? _schoolIdOf;

    public required int DistrictId { get; init; }
    public required int ThresholdPercent { get; init; }
    public required Dictionary<string, ExistingPerson> CsvPeople { get; init; }
    /// <summary>
    /// Normalized username → the CSV user_id holding it, or null when a person from another source holds it; loaded for the
    /// usernames of the rows the plan compares (see ReadUsernameHoldersAsync), not for every person of the district.
    /// </summary>
    public required Dictionary<string, string?> Usernames { get; init; }
    /// <summary>Normalized name → id of the district's active school of that name (the oldest when several share it).</summary>
    public required Dictionary<string, int> Schools { get; init; }
    /// <summary>Normalized name → id of an archived school that an import created, to be brought back when named again.</summary>
    public required Dictionary<string, int> ArchivedCsvSchools { get; init; }
    /// <summary>Id → name as stored, of every school of the district: the preview names a person's current schools with it.</summary>
    public IReadOnlyDictionary<int, string> SchoolNames { get; init; } = new Dictionary<int, string>();
    public required int ActiveStudentsFromOtherSources { get; init; }

    /// <summary>The school a name in the file stands for, if it exists (active, or archived but created by an import).</summary>
    public int? SchoolId(string name)
    {
        if (_schoolIdsByName.TryGetValue(name, out var known)) return known;
        var key = SchoolKey(name);
        int? id = Schools.TryGetValue(key, out var found) || ArchivedCsvSchools.TryGetValue(key, out found) ? found : null;
        _schoolIdsByName[name] = id;
        return id;
    }

    /// <summary>A school name as schools are matched (<see cref="RosterFields.Normalize"/>), worked out once per distinct name.</summary>
    public string SchoolKey(string name)
    {
        if (!_schoolKeys.TryGetValue(name, out var key)) _schoolKeys[name] = key = RosterFields.Normalize(name);
        return key;
    }

    /// <summary>
    /// True when <paramref name="row"/> would change nothing of <paramref name="existing"/>, known from the stored hash alone:
    /// the person is active, the row carries no password and hashes to what the last import stored. Anything else is
    /// compared field by field.
    /// </summary>
    public bool UnchangedByHash(CsvPerson row, ExistingPerson existing)
    {
        // The loader and the plan both ask about every row: the answer for this row is kept on the person.
        if (ReferenceEquals(existing.MatchedRow, row)) return true;
        var same = existing is { IsActive: true, RowHash: { } stored } && row.Password is null
            && CsvRowHashes.Of(row, _schoolIdOf ??= SchoolId) == stored;
        if (same) existing.MatchedRow = row;
        return same;
    }
}
