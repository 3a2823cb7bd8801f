using Twig.Web.Domain;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.UsersCsvImport;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>The owner's Classes page counts a class as its teachers see it.</summary>
public sealed class DistrictClassesTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Archived_people_are_not_counted_or_listed_in_their_classes()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ApplyAsync(district.Id, await Fixture.UploadPairAsync(district.Id, ClassFiles.People(),
            ClassFiles.File(ClassFiles.Row("c1", "t1;t2", "s1;s2;s3", name: "Science 5"))));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        Assert.Contains("<td>Science 5</td><td>Lincoln</td><td>Theo Tutor; Tina Teach</td><td class=\"text-end\">3</td>",
            (await owner.GetPageAsync($"/districts/{district.Id}/classes")).Html.Replace("Tina Teach; Theo Tutor", "Theo Tutor; Tina Teach"));

        // Theo, Sue and Sid leave: the next users.csv archives them (and the owner confirms archiving three people).
        await Fixture.ImportAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("t1", "teacher", username: "tina", first: "Tina", last: "Teach", schools: "Lincoln"),
            CsvFiles.Row("s1", username: "sam", first: "Sam", last: "Able", schools: "Lincoln")), archive: 3);

        var classes = await owner.GetPageAsync($"/districts/{district.Id}/classes");
        Assert.Contains("<td>Science 5</td><td>Lincoln</td><td>Tina Teach</td><td class=\"text-end\">1</td>", classes.Html);
        var bySize = await owner.GetPageAsync($"/districts/{district.Id}/classes?sort=size");
        Assert.Contains("<td class=\"text-end\">1</td>", bySize.Html);
    }
}
