using Twig.Web.Domain;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>How the manifest says a file is sent: not at all, as a complete snapshot, or as changes only.</summary>
public enum PackageFileMode
{
    Absent = 0,
    Bulk = 1,
    Delta = 2,
}

/// <summary>A problem with the package, a file, a row or a cell; the row counts the header (the first record is row 2).</summary>
public sealed record PackageIssue(IssueSeverity Severity, string? File, int? Row, string? Column, string Message)
{
    /// <summary>"users.csv row 4, givenName: …", the way people read it on the page and on the command line.</summary>
    public override string ToString() =>
        $"{File ?? "package"}{(Row is null ? "" : $" row {Row}")}{(Column is null ? "" : $", {Column}")}: {Message}";
}

/// <summary>An org of type school (the only orgs Twig keeps; districts and departments are read for references only).</summary>
public sealed record OrSchool(int Row, string SourcedId, bool Deleted, string Name, string? Identifier);

/// <summary>A student, teacher or administrator, with only the fields Twig keeps.</summary>
public sealed record OrUser
{
    /// <summary>The row in users.csv, counting the header as row 1.</summary>
    public required int Row { get; init; }
    public required string SourcedId { get; init; }
    /// <summary>status=tobedeleted in a delta: nothing else of the row is read.</summary>
    public bool Deleted { get; init; }
    public bool Enabled { get; init; }
    /// <summary>The Twig roles the row gives; in a 1.2 delta of roles.csv, the roles its active rows add.</summary>
    public PersonRoles Roles { get; init; }
    /// <summary>In a 1.2 delta of roles.csv: the roles its tobedeleted rows take away (and no active row gives back).</summary>
    public PersonRoles RolesRemoved { get; init; }
    public string GivenName { get; init; } = "";
    public string FamilyName { get; init; } = "";
    public string? MiddleName { get; init; }
    public string? Username { get; init; }
    /// <summary>The student number.</summary>
    public string? Identifier { get; init; }
    public string? Email { get; init; }
    public string? Grade { get; init; }
    /// <summary>The person's schools; in a 1.2 package whose roles come by change, the schools it adds to those Twig holds.</summary>
    public IReadOnlyList<string> SchoolSourcedIds { get; init; } = [];
    /// <summary>In a 1.2 delta of roles.csv: the schools of its tobedeleted rows (that no active row gives back).</summary>
    public IReadOnlyList<string> SchoolsRemoved { get; init; } = [];
    /// <summary>Only when the upload takes passwords from the package.</summary>
    public string? Password { get; init; }
}

/// <summary>A class: Twig's section.</summary>
public sealed record OrClass
{
    public required int Row { get; init; }
    public required string SourcedId { get; init; }
    public bool Deleted { get; init; }
    public string Title { get; init; } = "";
    public string SchoolSourcedId { get; init; } = "";
    public string? ClassCode { get; init; }
    public string? Grade { get; init; }
    public string? Subject { get; init; }
    public string? Period { get; init; }
}

/// <summary>
/// A person in a class; Twig's enrollment is the (class, person, role) pair, whatever the term. A struct: a package holds
/// hundreds of thousands, kept in one array rather than as as many objects.
/// </summary>
public readonly record struct OrEnrollment
{
    public required int Row { get; init; }
    public bool Deleted { get; init; }
    public required string ClassSourcedId { get; init; }
    public required string UserSourcedId { get; init; }
    public EnrollmentRole Role { get; init; }
    public bool Primary { get; init; }
}

/// <summary>A package read, checked and mapped to what Twig keeps. Errors block the whole package.</summary>
public sealed record OneRosterPackage
{
    public required string Version { get; init; }
    public required IReadOnlyDictionary<string, PackageFileMode> Modes { get; init; }
    public required IReadOnlyList<OrSchool> Schools { get; init; }
    public required IReadOnlyList<OrUser> Users { get; init; }
    public required IReadOnlyList<OrClass> Classes { get; init; }
    public required IReadOnlyList<OrEnrollment> Enrollments { get; init; }
    public required IReadOnlyList<PackageIssue> Issues { get; init; }
    public required int RowCount { get; init; }
    /// <summary>
    /// A 1.2 delta of roles.csv: the roles and schools it adds and takes away for people users.csv does not carry (their other
    /// fields are as Twig holds them).
    /// </summary>
    public IReadOnlyDictionary<string, RoleChange> RoleChanges { get; init; } = new Dictionary<string, RoleChange>();

    /// <summary>Whether people's roles change by what roles.csv adds and takes away (a 1.2 package whose roles.csv is not bulk).</summary>
    public bool RolesByChange => Version == "1.2" && ModeOf(OneRosterFiles.Roles) != PackageFileMode.Bulk;

    public bool HasErrors => Issues.Any(i => i.Severity == IssueSeverity.Error);

    public PackageFileMode ModeOf(string file) => Modes.TryGetValue(file, out var mode) ? mode : PackageFileMode.Absent;

    /// <summary>Whether every roster file sent is a full snapshot (what a first import needs).</summary>
    public bool IsBulk => OneRosterFiles.Roster.All(f => ModeOf(f) != PackageFileMode.Delta);

    public static OneRosterPackage Refused(PackageIssue issue) =>
        new()
        {
            Version = "",
            Modes = new Dictionary<string, PackageFileMode>(),
            Schools = [],
            Users = [],
            Classes = [],
            Enrollments = [],
            Issues = [issue],
            RowCount = 0,
        };
}

/// <summary>
/// What Twig already holds from OneRoster for the district, so that a delta may refer to records sent earlier.
/// Only active schools and classes count: a reference to a deactivated class is as dangling as one to an unknown class.
/// Every person counts: a disabled person is still the district's, and a delta may enrol them (the plan leaves such an
/// enrollment out, with a warning, as a bulk file's).
/// </summary>
public sealed record KnownRecords(IReadOnlySet<string> Schools, IReadOnlySet<string> Users, IReadOnlySet<string> Classes)
{
    public static readonly KnownRecords None = new(new HashSet<string>(), new HashSet<string>(), new HashSet<string>());
}

/// <summary>
/// What a 1.2 package whose roles come by change (roles.csv a delta, or absent) does to one person Twig holds: the roles and
/// schools its rows add and take away.
/// </summary>
public sealed record RoleChange(PersonRoles Added, PersonRoles Removed)
{
    public IReadOnlyList<string> SchoolsAdded { get; init; } = [];
    public IReadOnlyList<string> SchoolsRemoved { get; init; } = [];

    /// <summary>The roles after the change; a person left with none keeps the roles they had.</summary>
    public PersonRoles Apply(PersonRoles now) => (now & ~Removed | Added) is var after && after != PersonRoles.None ? after : now;

    /// <summary>The schools after the change: those held, with the added ones and without the removed ones.</summary>
    public List<string> Apply(IEnumerable<string> held) =>
        held.Concat(SchoolsAdded).Where(s => !SchoolsRemoved.Contains(s)).Distinct(StringComparer.Ordinal).ToList();
}
