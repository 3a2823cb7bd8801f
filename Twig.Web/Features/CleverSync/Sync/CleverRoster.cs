using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Everything Clever shares about one district, reduced to the fields Twig keeps and keyed by Clever id.
/// Built only from complete fetches: a roster with a missing page never exists.
/// </summary>
public sealed class CleverRoster
{
    public Dictionary<string, SchoolRecord> Schools { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, PersonRecord> People { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SectionRecord> Sections { get; } = new(StringComparer.Ordinal);
    /// <summary>Records Clever sent without a mandatory field: skipped, their existing copies left as they are.</summary>
    public Dictionary<RosterEntityType, HashSet<string>> Skipped { get; } = new()
    {
        [RosterEntityType.School] = new(StringComparer.Ordinal),
        [RosterEntityType.Person] = new(StringComparer.Ordinal),
        [RosterEntityType.Section] = new(StringComparer.Ordinal),
        [RosterEntityType.Enrollment] = new(StringComparer.Ordinal),
    };
    public List<SyncIssue> Warnings { get; } = [];

    public void Warn(RosterEntityType type, string? externalId, string? field, string message) =>
        Warnings.Add(new SyncIssue { Severity = IssueSeverity.Warning, EntityType = type, ExternalId = externalId, Field = field, Message = message });

    /// <summary>The same string instance for every reference to a person, so a million enrollments hold no copies of ids.</summary>
    public string SharedPersonId(string id) => People.TryGetValue(id, out var person) ? person.Id : id;
}

public sealed record SchoolRecord(string Id, string Name, string? SisId, string? SchoolNumber, string? LowGrade, string? HighGrade);

public sealed class PersonRecord(string id)
{
    public string Id { get; } = id;
    public string FirstName { get; set; } = "";
    public string? MiddleName { get; set; }
    public string LastName { get; set; } = "";
    public string? Email { get; set; }
    public string? SisId { get; set; }
    public string? StateId { get; set; }
    public string? StudentNumber { get; set; }
    public string? Grade { get; set; }
    public PersonRoles Roles { get; set; }
    public SortedSet<string> SchoolIds { get; } = new(StringComparer.Ordinal);
}

public sealed record SectionRecord(string Id, string? SchoolId, string Name, string? Subject, string? Grade, string? Period, string? SisId,
    string[] TeacherIds, string[] StudentIds);
