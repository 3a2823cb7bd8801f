using Twig.Web.Domain;
using Twig.Web.Features.DistrictAdmin;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>A search for text with LIKE's wildcards finds that text, on the embedded engine as on SQL Server.</summary>
public sealed class SearchWildcardTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Theory]
    [InlineData("S_1", "S_1")]
    [InlineData("50%", "50%x")]
    [InlineData("[ab]", "[ab]-1")]
    [InlineData("back\\slash", "back\\slash")]
    public async Task A_search_with_a_wildcard_character_finds_exactly_the_text_typed(string search, string expectedId)
    {
        var district = await Fixture.InsertDistrictAsync(slug: "search-" + Guid.NewGuid().ToString("N")[..8]);
        var ids = new[] { "S_1", "SX1", "50%x", "50x", "[ab]-1", "a-1", "back\\slash", "backslash" };
        await Fixture.InsertAsync(ids.Select(id => (object)WithId(People.New(district.Id, PersonRoles.Student), id)).ToArray());

        var result = await Fixture.SendAsync(new DistrictPeople.Query(district.Id, search, "name", 1));

        var found = Assert.Single(result!.People);
        Assert.Equal(expectedId, found.ExternalId);
    }

    [Fact]
    public async Task A_class_search_with_an_underscore_does_not_match_any_character()
    {
        var district = await Fixture.InsertDistrictAsync(slug: "search-" + Guid.NewGuid().ToString("N")[..8]);
        var school = new School { DistrictId = district.Id, ExternalId = "sch-1", Name = "North", Source = RosterSource.Clever };
        await Fixture.InsertAsync(school);
        await Fixture.InsertAsync(
            new Section { DistrictId = district.Id, SchoolId = school.Id, ExternalId = "sec-1", Name = "Math_7", Source = RosterSource.Clever },
            new Section { DistrictId = district.Id, SchoolId = school.Id, ExternalId = "sec-2", Name = "MathX7", Source = RosterSource.Clever });

        var result = await Fixture.SendAsync(new DistrictClasses.Query(district.Id, "Math_7", "name", 1));

        Assert.Equal(["Math_7"], result!.Classes.Select(s => s.Name));
    }

    private static Person WithId(Person person, string externalId)
    {
        person.ExternalId = externalId;
        return person;
    }
}
