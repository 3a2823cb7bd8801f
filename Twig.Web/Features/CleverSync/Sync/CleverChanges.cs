using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// What Clever sent that differs from Twig's copy, record by record: new records and those whose hash differs (or that
/// are inactive in Twig), in full; every unchanged record only as a count. Which of Twig's records Clever still has is
/// marked on the <see cref="RosterIndex"/> (<see cref="IndexedRecord.Seen"/>), so deactivations are its set difference.
/// Built only from complete fetches: a change set with a missing page never exists.
/// </summary>
public sealed class CleverChanges
{
    /// <summary>Every school Clever shared (a district has a few hundred): people and sections are checked against them.</summary>
    public Dictionary<string, SchoolRecord> Schools { get; } = new(StringComparer.Ordinal);
    /// <summary>New and changed people, by Clever id.</summary>
    public Dictionary<string, PersonRecord> People { get; } = new(StringComparer.Ordinal);
    /// <summary>New sections and sections whose fields or membership changed.</summary>
    public List<SectionRecord> Sections { get; } = [];
    /// <summary>Records Clever sent without a mandatory field: skipped, their existing copies left as they are.</summary>
    public Dictionary<RosterEntityType, HashSet<string>> Skipped { get; } = new()
    {
        [RosterEntityType.School] = new(StringComparer.Ordinal),
        [RosterEntityType.Person] = new(StringComparer.Ordinal),
        [RosterEntityType.Section] = new(StringComparer.Ordinal),
        [RosterEntityType.Enrollment] = new(StringComparer.Ordinal),
    };
    public List<SyncIssue> Warnings { get; } = [];

    public int UnchangedPeople { get; set; }
    public int UnchangedSections { get; set; }
    /// <summary>Enrollments of sections whose membership is unchanged: all of them are in Twig, active.</summary>
    public int UnchangedEnrollments { get; set; }
    /// <summary>
    /// Twig's active Clever enrollments of the district before the run, when already counted (events mode counts them to
    /// find the unchanged ones): the planner uses it instead of counting the district's enrollments a second time.
    /// </summary>
    public int? ActiveEnrollmentsBefore { get; set; }
    /// <summary>Enrollments naming someone Clever did not share (each with a warning).</summary>
    public int SkippedEnrollments { get; set; }
    /// <summary>Students Clever shares, changed or not: the licence's count.</summary>
    public int Students { get; set; }
    /// <summary>Enrollments of sections whose membership changed, read while the fetch went on (SQLite only; owned by the run).</summary>
    public EnrollmentPrefetch? Prefetch { get; set; }

    public void Warn(RosterEntityType type, string? externalId, string? field, string message) =>
        Warnings.Add(new SyncIssue
        {
            Severity = IssueSeverity.Warning, EntityType = type, ExternalId = externalId, Field = field,
            Message = message
        });
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

/// <summary>
/// A section as Clever sends it. <see cref="TeacherIds"/> and <see cref="StudentIds"/> name only people Clever shares
/// completely; <see cref="Kept"/> names those it listed but sent incompletely (their enrollments keep their state).
/// </summary>
public sealed record SectionRecord
{
    public required string Id { get; init; }
    public string? SchoolId { get; init; }
    public required string Name { get; init; }
    public string? Subject { get; init; }
    public string? Grade { get; init; }
    public string? Period { get; init; }
    public string? SisId { get; init; }
    public required string[] TeacherIds { get; init; }
    public required string[] StudentIds { get; init; }
    /// <summary>Clever's <c>teacher</c>: the section's primary (lead) teacher, whose enrollment is marked primary.</summary>
    public string? PrimaryTeacherId { get; init; }

    /// <summary>Whether the member's enrollment in this role is the primary teacher's.</summary>
    public bool IsPrimary(string personId, EnrollmentRole role) => PrimaryTeacher.Is(personId, role, PrimaryTeacherId);

    public (string PersonId, EnrollmentRole Role)[] Kept { get; init; } = [];
    /// <summary>The <see cref="Sync.MembershipHash"/> of this membership, stored with the section when written.</summary>
    public long? MembershipHash { get; init; }
    /// <summary>The membership differs from what Twig last applied: the section's enrollments are compared one by one.</summary>
    public bool MembershipChanged { get; init; } = true;
    /// <summary>
    /// Events mode: who joined and who left, when the membership before the night (from the section's events) is the one
    /// Twig applied. Only their enrollments are compared; everyone else's are in place.
    /// </summary>
    public MembershipDelta? Delta { get; init; }
}

/// <summary>The people who joined and left a section, each with the role they joined or left as.</summary>
public sealed record MembershipDelta((string PersonId, EnrollmentRole Role)[] Joined, (string PersonId, EnrollmentRole Role)[] Left);

/// <summary>A section's members before the night, by role, and its primary teacher, as its events say.</summary>
public sealed record MembersBefore(HashSet<string> Students, HashSet<string> Teachers, string? PrimaryTeacher)
{
    public HashSet<string> Of(EnrollmentRole role) => role == EnrollmentRole.Teacher ? Teachers : Students;

    /// <summary>Whether the member's enrollment in this role was the primary teacher's before the night.</summary>
    public bool WasPrimary(string personId, EnrollmentRole role) => Sync.PrimaryTeacher.Is(personId, role, PrimaryTeacher);
}

/// <summary>A section's primary teacher, as Clever names them: only a teacher's enrollment can be the primary one.</summary>
public static class PrimaryTeacher
{
    public static bool Is(string personId, EnrollmentRole role, string? primaryTeacherId) =>
        role == EnrollmentRole.Teacher && personId == primaryTeacherId;
}

/// <summary>
/// Events mode: the sections whose active enrollments the stored membership hash vouches for (membership unchanged, or
/// a verified <see cref="MembershipDelta"/>), and how many active enrollments they hold, so none of them is counted.
/// </summary>
public sealed class VerifiedMemberships
{
    public HashSet<int> Sections { get; } = [];
    public int ActiveEnrollments { get; set; }
}
