using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// What a sync would do, decided entirely in memory before anything is written: which records to create,
/// change, deactivate or bring back, with the counts and warnings the run will record.
/// </summary>
public sealed class SyncPlan
{
    public List<SchoolRecord> SchoolsToCreate { get; } = [];
    public List<(int Id, SchoolRecord Record)> SchoolsToUpdate { get; } = [];
    public List<PersonRecord> PeopleToCreate { get; } = [];
    public List<(int Id, PersonRecord Record)> PeopleToUpdate { get; } = [];
    /// <summary>People whose school links differ from Clever's (new people included).</summary>
    public List<PersonRecord> PeopleWithNewSchoolLinks { get; } = [];
    public List<SectionRecord> SectionsToCreate { get; } = [];
    public List<(int Id, SectionRecord Record)> SectionsToUpdate { get; } = [];
    /// <summary>Sections whose own fields are unchanged but whose membership changed: only the stored membership hash is written.</summary>
    public List<(int Id, long? MembershipHash)> SectionMembershipUpdates { get; } = [];
    public List<EnrollmentRef> EnrollmentsToCreate { get; } = [];
    public List<int> EnrollmentsToReactivate { get; } = [];
    /// <summary>Enrollments kept whose primary (lead teacher) mark changes, with the mark they get.</summary>
    public List<(int Id, bool IsPrimary)> EnrollmentPrimaryMarks { get; } = [];

    /// <summary>
    /// Clever id → Twig id of what the writer must resolve (all schools; the people and sections that changed or gain
    /// enrollments); the writer adds the rows it inserts.
    /// </summary>
    public Dictionary<string, int> SchoolIds { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> PersonIds { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> SectionIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<RosterEntityType, List<int>> Deactivations { get; } = new()
    {
        [RosterEntityType.School] = [],
        [RosterEntityType.Person] = [],
        [RosterEntityType.Section] = [],
        [RosterEntityType.Enrollment] = [],
    };

    /// <summary>Who would be deactivated, for a held run's review (enrollments are not listed one by one).</summary>
    public List<HeldDeactivation> DeactivationList { get; } = [];

    public Dictionary<RosterEntityType, SyncRunCount> Counts { get; } = Enum.GetValues<RosterEntityType>()
        .ToDictionary(t => t, t => new SyncRunCount { EntityType = t });

    /// <summary>Active records of each type, Clever-sourced, before the plan (the threshold's denominator).</summary>
    public Dictionary<RosterEntityType, int> ActiveBefore { get; } = [];

    /// <summary>Active Clever students once the plan is applied.</summary>
    public int CleverStudentsAfter { get; set; }

    public List<SyncIssue> Warnings { get; } = [];

    /// <summary>How long each planning step took (the run's log line).</summary>
    public StepTimings Timings { get; } = new();

    public bool WritesNothing =>
        Counts.Values.All(c => c.Created == 0 && c.Updated == 0 && c.Deactivated == 0 && c.Reactivated == 0);

    /// <summary>The entity types whose deactivations exceed <paramref name="thresholdPercent"/> of what is active now.</summary>
    public IReadOnlyList<(RosterEntityType Type, int Deactivated, int Active)> OverThreshold(int thresholdPercent) =>
        Counts.Values
            .Where(c => District.ExceedsThreshold(c.Deactivated, ActiveBefore.GetValueOrDefault(c.EntityType), thresholdPercent))
            .Select(c => (c.EntityType, c.Deactivated, ActiveBefore.GetValueOrDefault(c.EntityType)))
            .ToList();
}

/// <summary>
/// An enrollment named by the Clever ids of its section and person, resolved to Twig ids when written; primary when it is
/// the section's primary teacher's.
/// </summary>
public readonly record struct EnrollmentRef(string SectionId, string PersonId, EnrollmentRole Role, bool IsPrimary = false);
