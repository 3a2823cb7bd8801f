using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// Clever names each section's primary (lead) teacher in <c>teacher</c>: their enrollment is marked primary, the mark moves
/// when Clever names another, and sections synced before Twig kept the mark get it from their next sync.
/// </summary>
public sealed class PrimaryTeacherSyncTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_first_sync_marks_each_sections_primary_teacher_and_no_one_else()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 120);

        await Fixture.SyncAsync(district.Id);

        var oracle = RosterOracle.Enrollments(clever);
        Assert.NotEmpty(Primaries(oracle));
        Assert.Equal(oracle, await Fixture.TwigEnrollmentsAsync(district.Id, clever));
    }

    [Fact]
    public async Task When_a_primary_teacher_leaves_the_co_teacher_named_next_is_marked_and_a_second_sync_writes_nothing()
    {
        var (district, clever) = await SyncedCoTaughtDistrictAsync(students: 400, teachers: 40);
        var before = RosterOracle.Enrollments(clever);
        // Co-teachers who become a section's primary teacher: their enrollment stays and only its mark changes. About one
        // section in seven has a co-teacher, so teachers leave until one of those sections loses its primary teacher.
        var remarked = 0;
        for (var night = 0; night < 8 && remarked == 0; night++)
        {
            clever.Changes.RemovePercent("teacher", 10);
            remarked = Primaries(RosterOracle.Enrollments(clever)).Count(p => before.Contains(Unmarked(p)));
        }
        var after = RosterOracle.Enrollments(clever);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.True(remarked > 0, "no co-teacher became a primary teacher");
        Assert.Equal(after, await Fixture.TwigEnrollmentsAsync(district.Id, clever));
        Assert.Equal(remarked, run.Count(RosterEntityType.Enrollment).Updated);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        var again = await Fixture.SyncAsync(district.Id);
        Assert.All(again.Counts, c => Assert.True(c is { Created: 0, Updated: 0, Deactivated: 0, Reactivated: 0 }, $"{c.EntityType}"));
    }

    [Fact]
    public async Task A_new_primary_teacher_among_the_same_teachers_moves_the_mark_alone()
    {
        var (district, clever) = await SyncedCoTaughtDistrictAsync(students: 200, teachers: 30);
        var before = RosterOracle.Enrollments(clever);
        var swapped = clever.Changes.SwapPrimaryTeachers(4);

        var run = await Fixture.SyncAsync(district.Id);

        // Only the primary (Clever's teacher) changed: the membership hash tells, and each section's old and new lead
        // teacher's enrollments are updated (their marks), nobody joins or leaves.
        Assert.True(swapped > 0, "the district has no co-taught section");
        var after = RosterOracle.Enrollments(clever);
        Assert.Equal(before.Select(Unmarked).Order(), after.Select(Unmarked).Order());
        Assert.Equal(after, await Fixture.TwigEnrollmentsAsync(district.Id, clever));
        var enrollments = run.Count(RosterEntityType.Enrollment);
        Assert.Equal((2 * swapped, 0, 0, 0), (enrollments.Updated, enrollments.Created, enrollments.Deactivated, enrollments.Reactivated));
    }

    [Fact]
    public async Task Sections_synced_before_the_mark_was_kept_get_it_from_the_next_sync()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 120);
        await Fixture.SyncAsync(district.Id);
        // As an older Twig left them: no marks, and membership hashes that no longer match (null, as before hashes were kept).
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            await db.Enrollments.Where(e => e.DistrictId == district.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.IsPrimary, false));
            await db.Sections.Where(s => s.DistrictId == district.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.MembershipHash, (long?)null));
        });
        await Fixture.ForgetOnDemandRunsAsync(district.Id);

        var run = await Fixture.SyncAsync(district.Id);

        var oracle = RosterOracle.Enrollments(clever);
        Assert.Equal(oracle, await Fixture.TwigEnrollmentsAsync(district.Id, clever));
        var enrollments = run.Count(RosterEntityType.Enrollment);
        Assert.Equal(Primaries(oracle).Count, enrollments.Updated);
        Assert.Equal((0, 0, 0), (enrollments.Created, enrollments.Deactivated, enrollments.Reactivated));
    }

    private const string Primary = "|primary";

    /// <summary>A district synced once, with several teachers a school so that some sections have co-teachers.</summary>
    private async Task<(District District, Twig.Sandbox.SandboxDistrict Clever)> SyncedCoTaughtDistrictAsync(int students, int teachers)
    {
        var world = await Fixture.ConnectedDistrictAsync(students: students, teachers: teachers, schools: 2);
        await Fixture.SyncAsync(world.District.Id);
        await Fixture.ForgetOnDemandRunsAsync(world.District.Id);
        return world;
    }

    private static string Unmarked(string enrollment) =>
        enrollment.EndsWith(Primary, StringComparison.Ordinal) ? enrollment[..^Primary.Length] : enrollment;

    private static List<string> Primaries(List<string> enrollments) =>
        [.. enrollments.Where(e => e.EndsWith(Primary, StringComparison.Ordinal))];
}
