using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Events mode: whether a section's members before the night, as its events tell, are the membership Twig last applied
/// (their hash equals the one stored with the section). Then who joined and who left is all that changed, and only their
/// enrollments need reading; otherwise the section's enrollments are all compared, as in a full sync.
/// </summary>
internal sealed class MembershipDeltaCheck(MembersBefore before)
{
    private readonly List<(string, EnrollmentRole)> _joined = [];
    private MembershipHash _applied;
    private bool _stale;

    /// <summary>A member as the comparer took them (shared, or <paramref name="kept"/> as Clever sent them incompletely).</summary>
    public void Member(string personId, EnrollmentRole role, bool kept, bool held)
    {
        if (before.Of(role).Contains(personId))
        {
            _applied.Add(personId, role, kept, before.WasPrimary(personId, role));
            // Someone who stays but whom Twig does not hold active: their enrollments cannot be assumed in place.
            _stale |= !held;
        }
        else if (!kept) _joined.Add((personId, role));
    }

    /// <summary>
    /// The delta, when the members before the night hash to <paramref name="applied"/> and the primary teacher stays; null
    /// otherwise (a new lead teacher changes the marks of enrollments that stay, so they are all compared).
    /// </summary>
    public MembershipDelta? Verify(List<string> teachers, HashSet<string> students, string? primaryTeacher, long applied)
    {
        if (_stale || before.PrimaryTeacher != primaryTeacher) return null;
        var left = new List<(string, EnrollmentRole)>();
        foreach (var id in before.Teachers)
            if (!teachers.Contains(id)) Leave(id, EnrollmentRole.Teacher);
        foreach (var id in before.Students)
            if (!students.Contains(id)) Leave(id, EnrollmentRole.Student);
        return _applied.Value == applied ? new MembershipDelta([.. _joined], [.. left]) : null;

        // Whoever left was applied as shared: had Twig kept them as sent incompletely, the hashes differ and all is compared.
        void Leave(string id, EnrollmentRole role)
        {
            _applied.Add(id, role, kept: false, before.WasPrimary(id, role));
            left.Add((id, role));
        }
    }
}
