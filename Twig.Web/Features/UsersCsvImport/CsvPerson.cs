using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>One person as users.csv gives them; the row number counts the header (the first person is row 2).</summary>
public sealed record CsvPerson
{
    public required int Row { get; init; }
    public required string UserId { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public string? Username { get; init; }
    /// <summary>In plain text until the import hashes it: never logged, never stored as given.</summary>
    public string? Password { get; init; }
    public required PersonRoles Role { get; init; }
    public string? Email { get; init; }
    public IReadOnlyList<string> SchoolNames { get; init; } = [];
}

/// <summary>What the file says, before it is compared with the district: the people of valid rows and every problem found.</summary>
public sealed record ParsedFile(IReadOnlyList<CsvPerson> People, IReadOnlyList<ImportIssue> Issues, int RowCount)
{
    public bool HasErrors => Issues.Any(i => i.Severity == IssueSeverity.Error);

    /// <summary>
    /// The rows' hashes as last worked out against the district (<see cref="DistrictState"/>): the preview and the confirmation
    /// of an upload whose rows are still in memory (<see cref="KeptRows"/>) reuse them while its school names resolve the same way.
    /// </summary>
    internal RowHashMemo? Hashes { get; set; }
}

/// <summary>
/// Each row's <see cref="CsvRowHashes"/> hash (by its place in the file; null when the row names nobody of the district or
/// cannot be hashed), and how the district resolved every school name when they were worked out.
/// </summary>
internal sealed class RowHashMemo(long?[] hashes, Dictionary<string, int?> schoolIds)
{
    public long?[] Hashes { get; } = hashes;

    /// <summary>True when every school name still stands for the school it stood for: the hashes hold for this district.</summary>
    public bool Fits(Func<string, int?> schoolId)
    {
        foreach (var (name, id) in schoolIds)
            if (schoolId(name) != id) return false;
        return true;
    }
}
