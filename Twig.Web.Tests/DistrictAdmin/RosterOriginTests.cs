using System.Net;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>The people and class lists name where each record came from, and offer users.csv only when it holds someone.</summary>
public sealed class RosterOriginTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task People_and_classes_show_their_own_source_and_users_csv_is_offered_only_for_its_people()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync("origins");
        await Fixture.InsertStudentsAsync(district.Id, 2, RosterSource.OneRoster);
        var school = new School { DistrictId = district.Id, ExternalId = "sch-1", Name = "North", Source = RosterSource.OneRoster };
        await Fixture.InsertAsync(school);
        await Fixture.InsertAsync(new Section
        {
            DistrictId = district.Id, SchoolId = school.Id, ExternalId = "k1", Name = "Science 5", Source = RosterSource.OneRoster,
        });
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var people = await owner.GetPageAsync($"/districts/{district.Id}/people");
        Assert.Equal(HttpStatusCode.OK, people.Status);
        Assert.Contains("<td>OneRoster</td>", people.Html);
        Assert.DoesNotContain("users.csv</td>", people.Html);
        Assert.DoesNotContain("data-testid=\"export\"", people.Html);
        Assert.Contains("<td>OneRoster</td>", (await owner.GetPageAsync($"/districts/{district.Id}/classes")).Html);

        await Fixture.InsertStudentsAsync(district.Id, 1, RosterSource.Csv);
        people = await owner.GetPageAsync($"/districts/{district.Id}/people");
        Assert.Contains("<td>users.csv</td>", people.Html);
        Assert.Contains("data-testid=\"export\"", people.Html);
    }

    [Fact]
    public async Task A_district_rostered_from_another_source_is_offered_no_clever_controls()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync("elsewhere");
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var sync = await admin.GetPageAsync($"/districts/{district.Id}/sync");
        Assert.Contains("data-testid=\"not-on-clever\"", sync.Html);
        Assert.DoesNotContain("Sync now", sync.Html);
        Assert.DoesNotContain("events mode", sync.Html);
        var console = await admin.GetPageAsync($"/support/districts/{district.Id}");
        Assert.Contains("data-testid=\"nightly\">Not on Clever<", console.Html);
        Assert.Contains("data-testid=\"source\">OneRoster CSV package<", console.Html);
    }

    [Fact]
    public async Task A_class_with_two_teachers_lists_them_with_semicolons_as_schools_are_so_a_comma_in_a_name_reads_as_one_name()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync("teachers");
        var school = new School { DistrictId = district.Id, ExternalId = "sch-1", Name = "North", Source = RosterSource.OneRoster };
        await Fixture.InsertAsync(school);
        var section = new Section
        {
            DistrictId = district.Id, SchoolId = school.Id, ExternalId = "k1", Name = "Science 5", Source = RosterSource.OneRoster,
        };
        await Fixture.InsertAsync(section);
        foreach (var (id, first, last) in new[] { ("t1", "Ann", "Wu, Jr"), ("t2", "Bo", "Lee") })
        {
            var teacher = new Person
            {
                DistrictId = district.Id, Source = RosterSource.OneRoster, ExternalId = id, FirstName = first, LastName = last,
                Roles = PersonRoles.Teacher, IsActive = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            await Fixture.InsertAsync(teacher);
            await Fixture.InsertAsync(new Enrollment
            {
                DistrictId = district.Id, Source = RosterSource.OneRoster, SectionId = section.Id, PersonId = teacher.Id,
                Role = EnrollmentRole.Teacher, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
        }
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var classes = await owner.GetPageAsync($"/districts/{district.Id}/classes");

        Assert.Matches("<td>(Ann Wu, Jr; Bo Lee|Bo Lee; Ann Wu, Jr)</td>", classes.Html);
    }
}
