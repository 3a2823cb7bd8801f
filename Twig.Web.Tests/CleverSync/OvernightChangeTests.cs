using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>Second and later syncs: each kind of overnight change gives exactly the expected counts.</summary>
public sealed class OvernightChangeTests(SliceFixture fixture) : SliceTest(fixture)
{
    private async Task<(District District, Twig.Sandbox.SandboxDistrict Clever)> SyncedDistrictAsync(int students = 120)
    {
        var world = await Fixture.ConnectedDistrictAsync(students: students);
        await Fixture.SyncAsync(world.District.Id);
        await Fixture.ForgetOnDemandRunsAsync(world.District.Id);
        return world;
    }

    [Fact]
    public async Task A_second_sync_without_changes_writes_nothing()
    {
        var (district, _) = await SyncedDistrictAsync();
        var before = await Fixture.RosterFingerprintAsync(district.Id);

        var run = await Fixture.SyncAsync(district.Id);

        foreach (var count in run.Counts)
        {
            Assert.Equal(0, count.Created);
            Assert.Equal(0, count.Updated);
            Assert.Equal(0, count.Deactivated);
            Assert.Equal(0, count.Reactivated);
        }
        Assert.True(run.Count(RosterEntityType.Person).Unchanged > 0);
        Assert.Equal(before, await Fixture.RosterFingerprintAsync(district.Id));
    }

    [Fact]
    public async Task New_students_are_created()
    {
        var (district, clever) = await SyncedDistrictAsync();
        var before = RosterOracle.People(clever);
        var added = clever.Changes.AddStudents(5);

        var run = await Fixture.SyncAsync(district.Id);

        var (created, _, _) = RosterOracle.Diff(before, RosterOracle.People(clever));
        Assert.True(added > 0);
        Assert.Equal(created, run.Count(RosterEntityType.Person).Created);
        Assert.Equal(0, run.Count(RosterEntityType.Person).Deactivated);
    }

    [Fact]
    public async Task Changed_names_and_emails_are_updated()
    {
        var (district, clever) = await SyncedDistrictAsync();
        var before = RosterOracle.People(clever);
        clever.Changes.UpdateNames("teacher", 20);
        clever.Changes.UpdateEmails("student", 5);

        var run = await Fixture.SyncAsync(district.Id);

        var (_, updated, _) = RosterOracle.Diff(before, RosterOracle.People(clever));
        Assert.True(updated > 0);
        Assert.Equal(updated, run.Count(RosterEntityType.Person).Updated);
        Assert.Equal(0, run.Count(RosterEntityType.Person).Created);
    }

    [Fact]
    public async Task Removed_people_are_deactivated_never_deleted_and_come_back_reactivated()
    {
        var (district, clever) = await SyncedDistrictAsync(students: 200);
        var before = RosterOracle.People(clever);
        clever.Changes.RemovePercent("student", 5);
        var (_, _, removed) = RosterOracle.Diff(before, RosterOracle.People(clever));

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.Succeeded, run.Status is SyncRunStatus.SucceededWithWarnings ? SyncRunStatus.Succeeded : run.Status);
        Assert.Equal(removed, run.Count(RosterEntityType.Person).Deactivated);
        var twig = await Fixture.TwigPeopleAsync(district.Id);
        Assert.Equal(before.Count, twig.Count);
        Assert.Equal(removed, twig.Values.Count(active => !active));

        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        clever.Changes.RestoreRemoved();
        var back = await Fixture.SyncAsync(district.Id);

        Assert.Equal(removed, back.Count(RosterEntityType.Person).Reactivated);
        Assert.All((await Fixture.TwigPeopleAsync(district.Id)).Values, Assert.True);
    }

    [Fact]
    public async Task Moved_students_change_enrollments_only()
    {
        var (district, clever) = await SyncedDistrictAsync();
        var before = RosterOracle.Enrollments(clever);
        Assert.Equal(3, clever.Changes.MoveStudents(3));
        var after = RosterOracle.Enrollments(clever);

        var run = await Fixture.SyncAsync(district.Id);

        // A moved student Twig skipped (a generated person without a last name) has no enrollments to move.
        var joined = after.Except(before).Count();
        Assert.InRange(joined, 1, 3);
        Assert.Equal(joined, run.Count(RosterEntityType.Enrollment).Created + run.Count(RosterEntityType.Enrollment).Reactivated);
        Assert.Equal(before.Except(after).Count(), run.Count(RosterEntityType.Enrollment).Deactivated);
        Assert.Equal(after, await Fixture.TwigEnrollmentsAsync(district.Id, clever));
        Assert.Equal(0, run.Count(RosterEntityType.Person).Updated);
    }

    [Fact]
    public async Task Csv_people_are_untouched_by_a_clever_sync()
    {
        var (district, clever) = await SyncedDistrictAsync();
        var now = DateTime.UtcNow.AddDays(-1);
        await Fixture.InsertAsync(new Person
        {
            DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = clever.Roster.AnyStudent().Id, FirstName = "Csv", LastName = "Person",
            Roles = PersonRoles.Student, CreatedAt = now, UpdatedAt = now,
        });
        clever.Changes.RemovePercent("student", 5);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.True(run.Count(RosterEntityType.Person).Deactivated > 0, run.Message);
        var csv = await Fixture.ExecuteDbContextAsync(db => db.People.AsNoTracking().SingleAsync(p => p.DistrictId == district.Id && p.Source == RosterSource.Csv));
        Assert.True(csv.IsActive);
        Assert.Equal("Csv", csv.FirstName);
        Assert.Equal(now, csv.UpdatedAt, TimeSpan.FromMilliseconds(1));
    }
}
