using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>
/// Lists paged in SQL sort names as a person reads them (case ignored, an accented letter beside its base letter), not by
/// character code as SQLite compares text: "de la Cruz" does not come after "Wang", nor "Øvergård" after "Oz".
/// </summary>
public sealed class NameOrderTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly string[] Expected = ["adams", "de la Cruz", "Øvergård", "Oz", "Wang"];
    private static readonly string[] Inserted = ["Wang", "Oz", "de la Cruz", "Øvergård", "adams"];

    [Fact]
    public async Task The_people_and_class_lists_sort_names_ignoring_case_and_accents()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        var school = new School { DistrictId = district.Id, ExternalId = "sch-1", Name = "North", Source = RosterSource.OneRoster };
        await Fixture.InsertAsync(school);
        foreach (var name in Inserted)
        {
            var person = People.New(district.Id, PersonRoles.Student, RosterSource.OneRoster);
            person.FirstName = "Pat";
            person.LastName = name;
            await Fixture.InsertAsync(person);
            await Fixture.InsertAsync(new Section
            {
                DistrictId = district.Id, SchoolId = school.Id, ExternalId = "k-" + name, Name = name, Source = RosterSource.OneRoster,
            });
        }
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var people = await owner.GetPageAsync($"/districts/{district.Id}/people");
        Assert.Equal(HttpStatusCode.OK, people.Status);
        Assert.Equal(Expected.Select(n => "Pat " + n), Cells(people.Html, "<td>([^<]*)</td>", Expected.Select(n => "Pat " + n)));
        var classes = await owner.GetPageAsync($"/districts/{district.Id}/classes");
        Assert.Equal(HttpStatusCode.OK, classes.Status);
        Assert.Equal(Expected, Cells(classes.Html, "<td>([^<]*)</td>", Expected));
    }

    [Fact]
    public async Task The_support_console_sorts_district_names_ignoring_case_and_accents()
    {
        // Other tests' districts share the console: only this test's names (with their own suffix) are compared.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        foreach (var name in Inserted)
        {
            var district = await Fixture.InsertDistrictAsync(slug: $"order-{suffix}-{Inserted.ToList().IndexOf(name)}");
            await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Name, $"{name} {suffix}")));
        }
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var console = await support.GetPageAsync("/support");

        Assert.Equal(HttpStatusCode.OK, console.Status);
        var expected = Expected.Select(n => $"{n} {suffix}").ToList();
        Assert.Equal(expected, Cells(console.Html, ">([^<]*)</a>", expected));
    }

    /// <summary>The text of every match of <paramref name="pattern"/> that is one of <paramref name="wanted"/>, in page order.</summary>
    private static List<string> Cells(string html, string pattern, IEnumerable<string> wanted)
    {
        var set = wanted.ToHashSet(StringComparer.Ordinal);
        return [.. Regex.Matches(html, pattern).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Where(set.Contains)];
    }
}
