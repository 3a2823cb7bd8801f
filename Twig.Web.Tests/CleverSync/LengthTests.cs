using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// A value from Clever longer than its column would fail the apply on SQL Server (error 2628) and with it the nightly.
/// It is checked before planning instead: a name is shortened, any other field left empty, each with a warning.
/// </summary>
public sealed class LengthTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Over_long_values_from_Clever_are_shortened_or_left_empty_with_warnings_and_the_sync_succeeds()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 30);
        var id = clever.Changes.StretchFields("student");

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.SucceededWithWarnings, run.Status);
        var person = await Fixture.ExecuteDbContextAsync(db => db.People.AsNoTracking().SingleAsync(p => p.DistrictId == district.Id && p.ExternalId == id));
        Assert.Equal(200, person.FirstName.Length);
        Assert.Equal((null, null, null), (person.MiddleName, person.Email, person.SisId));
        Assert.True(person.IsActive);
        var warnings = run.Issues.Where(i => i.ExternalId == id && i.EntityType == RosterEntityType.Person).ToDictionary(i => i.Field!, i => i.Message);
        Assert.Contains("longer than the 200 Twig stores; it was shortened", warnings["name.first"]);
        Assert.Contains("longer than the 200 Twig stores; it was left empty", warnings["name.middle"]);
        Assert.Contains("longer than the 320 Twig stores; it was left empty", warnings["email"]);
        Assert.Contains("longer than the 100 Twig stores; it was left empty", warnings["sis_id"]);
        Assert.DoesNotContain(warnings.Values, m => m.Contains("xxxxxxxxxx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_held_run_lists_people_whose_display_name_is_longer_than_the_list_keeps()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 40);
        await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        // Names at their full column length: "first last (student)" is longer than the 400 a held line keeps.
        await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.FirstName, new string('F', 200)).SetProperty(p => p.LastName, new string('L', 200))));
        clever.Changes.RemovePercent("student", 50);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.HeldForReview, run.Status);
        var names = await Fixture.ExecuteDbContextAsync(db => db.HeldDeactivations.Where(h => h.SyncRunId == run.Id).Select(h => h.DisplayName).ToListAsync());
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Equal(400, n.Length));
    }
}
