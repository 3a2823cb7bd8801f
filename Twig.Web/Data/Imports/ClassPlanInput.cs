using Twig.Web.Domain;

namespace Twig.Web.Data.Imports;

/// <summary>
/// What a class plan is checked against, whatever the source: the people of the same source who are active once the import
/// is applied (with their roles), the schools that exist, and the schools the same import creates. Names of files and
/// columns only shape the messages.
/// </summary>
public sealed class ClassPlanInput
{
    public required ClassState Existing { get; init; }
    /// <summary>External id → roles, for every person of the source who is active after this import.</summary>
    public required IReadOnlyDictionary<string, PersonRoles> People { get; init; }
    /// <summary>School key → id of the district's active schools a class may name.</summary>
    public required IReadOnlyDictionary<string, int> Schools { get; init; }
    /// <summary>Keys of schools this same import creates or brings back (their ids are known only when it is applied).</summary>
    public IReadOnlySet<string> NewSchools { get; init; } = new HashSet<string>();
    /// <summary>Turns <see cref="ClassRow.School"/> into a key of <see cref="Schools"/> (classes.csv: the upper-cased name).</summary>
    public required Func<string, string> SchoolKey { get; init; }
    /// <summary>The file the classes come from, named by every issue of the plan.</summary>
    public required string FileName { get; init; }
    /// <summary>Where the people come from, for messages ("users.csv").</summary>
    public required string PeopleFileName { get; init; }
    public required string SchoolColumn { get; init; }
    public required string TeacherColumn { get; init; }
    public required string StudentColumn { get; init; }
}
