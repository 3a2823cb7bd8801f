using Twig.Sandbox.Model;

namespace Twig.Sandbox.Generation;

// The roster as tests and benchmarks see it: the same payload objects the Data API serves.
public sealed partial class DistrictRoster
{
    public IEnumerable<CleverSchool> Schools() => OrdinalsAfter([RecordKind.School], UserRoles.None, -1).Select(BuildSchool);
    public IEnumerable<CleverTerm> Terms() => OrdinalsAfter([RecordKind.Term], UserRoles.None, -1).Select(BuildTerm);
    public IEnumerable<CleverCourse> Courses() => OrdinalsAfter([RecordKind.Course], UserRoles.None, -1).Select(BuildCourse);
    public IEnumerable<CleverSection> Sections() => OrdinalsAfter([RecordKind.Section], UserRoles.None, -1).Select(BuildSection);

    /// <summary>Live users in id order; <paramref name="role"/> is Clever's role value or null for everyone.</summary>
    public IEnumerable<CleverUser> Users(string? role = null) =>
        UserOrdinals(role).Select(o => BuildUser(o, Resolve(o)!.Value.Kind));

    /// <summary>Counts without building payloads.</summary>
    public int CountUsers(string? role = null) => UserOrdinals(role).Count();
    public int CountSections() => OrdinalsAfter([RecordKind.Section], UserRoles.None, -1).Count();
    public int CountSchools() => OrdinalsAfter([RecordKind.School], UserRoles.None, -1).Count();

    private IEnumerable<long> UserOrdinals(string? role)
    {
        var parsed = UserRoles.None;
        if (role is not null && !UserRoleNames.TryParse(role, out parsed))
            throw new ArgumentException($"Unknown role '{role}'.", nameof(role));
        return OrdinalsAfter(UserRoleNames.KindsHolding(parsed), parsed, -1);
    }

    public CleverUser? FindUser(string id) =>
        ActiveKindOf(OrdinalOf(id)) is { } kind && kind.IsUser() ? BuildUser(OrdinalOf(id), kind) : null;

    public CleverSection? FindSection(string id) =>
        ActiveKindOf(OrdinalOf(id)) == RecordKind.Section ? BuildSection(OrdinalOf(id)) : null;

    public CleverSchool? FindSchool(string id) =>
        ActiveKindOf(OrdinalOf(id)) == RecordKind.School ? BuildSchool(OrdinalOf(id)) : null;

    /// <summary>The live sections of a student or teacher.</summary>
    public IEnumerable<CleverSection> SectionsOf(string userId)
    {
        var ordinal = OrdinalOf(userId);
        return ActiveKindOf(ordinal) is { } kind && kind.IsUser()
            ? SectionOrdinalsOfUser(ordinal, kind).Select(BuildSection)
            : [];
    }

    public CleverUser AnyStudent() => FirstUser(RecordKind.Student, u => u.Name.Last is not null && !string.IsNullOrEmpty(u.Name.First));
    public CleverUser AnyTeacherWithSections() => FirstUser(RecordKind.Teacher, u => SectionsOf(u.Id).Any());
    public CleverUser AnyTeacherWithoutSections() => FirstUser(RecordKind.Teacher, u => !SectionsOf(u.Id).Any());

    /// <summary>A school admin who holds no other role.</summary>
    public CleverUser AnyStaff() => FirstUser(RecordKind.Staff, u => u.Roles.Teacher is null);
    public CleverUser AnyDistrictAdmin() => FirstUser(RecordKind.DistrictAdmin, _ => true);

    /// <summary>Someone holding two roles at once (a teacher who is also school staff).</summary>
    public CleverUser AnyMultiRolePerson() => FirstUser(RecordKind.Teacher, u => u.Roles.Staff is not null);

    /// <summary>A parent: a user whose only role is contact.</summary>
    public CleverUser AnyContact() => FirstUser(RecordKind.Contact, _ => true);

    /// <summary>A student whose record lacks a mandatory field (no last name or an empty first name).</summary>
    public CleverUser AnyStudentMissingMandatoryField() =>
        FirstUser(RecordKind.Student, u => u.Name.Last is null || string.IsNullOrEmpty(u.Name.First));

    private CleverUser FirstUser(RecordKind kind, Func<CleverUser, bool> wanted)
    {
        foreach (var ordinal in OrdinalsAfter([kind], UserRoles.None, -1))
        {
            var user = BuildUser(ordinal, kind);
            if (wanted(user)) return user;
        }
        throw new InvalidOperationException($"District {DistrictName} has no such {kind}.");
    }

    /// <summary>Builds whatever record an ordinal stands for (the Data API's single entry point).</summary>
    internal object Build(long ordinal, RecordKind kind) => kind switch
    {
        RecordKind.School => BuildSchool(ordinal),
        RecordKind.Term => BuildTerm(ordinal),
        RecordKind.Course => BuildCourse(ordinal),
        RecordKind.Section => BuildSection(ordinal),
        _ => BuildUser(ordinal, kind),
    };
}
