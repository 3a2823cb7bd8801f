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

        var run = await Fixture.SyncAsync(district.Id);

        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        var validPeople = new[] { "student", "teacher", "staff", "district_admin" }
            .SelectMany(role => roster.Users(role)).Where(u => !string.IsNullOrWhiteSpace(u.Name.First) && !string.IsNullOrWhiteSpace(u.Name.Last))
            .Select(u => u.Id).Distinct().Count();
        Assert.Equal(validPeople, run.Count(RosterEntityType.Person).Created);
        Assert.Equal(roster.CountSchools(), run.Count(RosterEntityType.School).Created);
        Assert.Equal(roster.CountSections(), run.Count(RosterEntityType.Section).Created);
        var people = await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id && p.IsActive));
        Assert.Equal(validPeople, people);
    }
}
