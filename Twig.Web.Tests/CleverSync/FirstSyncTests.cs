using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

public sealed class FirstSyncTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task First_sync_creates_everything_with_exact_counts()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 80);
        var roster = clever.Roster;
        var expectedPeople = RosterOracle.People(clever);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        Assert.Equal(expectedPeople.Count, run.Count(RosterEntityType.Person).Created);
        Assert.Equal(roster.CountSchools(), run.Count(RosterEntityType.School).Created);
        Assert.Equal(roster.CountSections(), run.Count(RosterEntityType.Section).Created);
        var twig = await Fixture.TwigPeopleAsync(district.Id);
        Assert.Equal(expectedPeople.Keys.Order(), twig.Keys.Order());
        Assert.All(twig.Values, Assert.True);

        var enrollments = await Fixture.ExecuteDbContextAsync(db => db.Enrollments.CountAsync(e => e.DistrictId == district.Id && e.IsActive));
        Assert.Equal(run.Count(RosterEntityType.Enrollment).Created, enrollments);
        Assert.True(enrollments > roster.CountSections(), "every section has students and a teacher");
    }

    [Fact]
    public async Task Staff_keep_their_SIS_id_from_staff_id_in_a_full_sync_and_from_events()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 80);
        var staff = clever.Roster.AnyStaff();

        var run = await Fixture.SyncAsync(district.Id);

        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        var sisId = await Fixture.ExecuteDbContextAsync(db => db.People
            .Where(p => p.DistrictId == district.Id && p.ExternalId == staff.Id).Select(p => p.SisId).SingleAsync());
        Assert.Equal(staff.Roles.Staff!.StaffId, sisId);
        Assert.False(string.IsNullOrEmpty(sisId));

        // The events' own reader of a user object reads staff_id as the serializer does.
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(staff);
        var reader = new System.Text.Json.Utf8JsonReader(json);
        reader.Read();
        Assert.Equal(staff.Roles.Staff!.StaffId, Features.CleverSync.Events.UserObjectReader.Read(ref reader)!.Roles!.Staff!.StaffId);
    }

    [Fact]
    public async Task Records_missing_a_mandatory_field_are_skipped_with_a_warning()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 200);
        var incomplete = clever.Roster.AnyStudentMissingMandatoryField();

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.SucceededWithWarnings, run.Status);
        var issue = Assert.Single(run.Issues, i => i.ExternalId == incomplete.Id && i.EntityType == RosterEntityType.Person);
        // The warning says what Clever did send, so the district can find the person in its SIS.
        Assert.Contains("(any copy Twig already holds is left as it is). Clever sent: a student, ", issue.Message);
        Assert.Contains(string.IsNullOrEmpty(incomplete.Name.First) ? $"last name “{incomplete.Name.Last}”" : $"first name “{incomplete.Name.First}”",
            issue.Message);
        Assert.True(run.Count(RosterEntityType.Person).Skipped >= 1);
        Assert.False((await Fixture.TwigPeopleAsync(district.Id)).ContainsKey(incomplete.Id));
    }

    [Fact]
    public async Task Only_the_fields_twig_needs_are_stored()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 40);
        await Fixture.SyncAsync(district.Id);
        var student = clever.Roster.AnyStudent();

        var stored = await Fixture.ExecuteDbContextAsync(db => db.People.AsNoTracking().Include(p => p.Schools)
            .SingleAsync(p => p.DistrictId == district.Id && p.ExternalId == student.Id));
        Assert.Equal(student.Name.First, stored.FirstName);
        Assert.Equal(student.Name.Last, stored.LastName);
        Assert.Equal(student.Roles.Student!.SisId, stored.SisId);
        Assert.True(stored.HasRole(PersonRoles.Student));
        Assert.NotEmpty(stored.Schools);
        Assert.Null(stored.PasswordHash);
    }
}
