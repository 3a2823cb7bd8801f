using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>
/// users.csv's user_id is case-sensitive; usernames are not. Both rules hold in the app and in the database
/// (on SQL Server through the binary collation of the keys, see Data/SqlServerCollationTests).
/// </summary>
public sealed class CaseSensitivityTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task User_ids_differing_only_by_case_are_two_people_through_every_upload()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var pair = CsvFiles.File(
            CsvFiles.Row("S000002", first: "Upper", username: "upper.kid", email: "upper@example.org"),
            CsvFiles.Row("s000002", first: "Lower", username: "lower.kid", email: "lower@example.org"));

        var created = await Fixture.ImportAsync(district.Id, pair);
        Assert.Equal(2, created.Counts!.Created);
        Assert.Equal([("S000002", "Upper"), ("s000002", "Lower")],
            (await Fixture.PeopleAsync(district.Id)).OrderBy(p => p.ExternalId, StringComparer.Ordinal).Select(p => (p.ExternalId, p.FirstName)));

        var again = await Fixture.ImportAsync(district.Id, pair);
        Assert.Equal((0, 0, 2), (again.Counts!.Created, again.Counts.Updated, again.Counts.Unchanged));

        // Only the lower-case id listed, renamed: it is the one updated, and the upper-case one is archived.
        var one = await Fixture.ImportAsync(district.Id,
            CsvFiles.File(CsvFiles.Row("s000002", first: "Lowest", username: "lower.kid", email: "lower@example.org")), archive: 1);
        Assert.Equal((0, 1, 1), (one.Counts!.Created, one.Counts.Updated, one.Counts.Archived));
        var people = await Fixture.PeopleAsync(district.Id);
        Assert.Equal([("S000002", "Upper", false), ("s000002", "Lowest", true)],
            people.OrderBy(p => p.ExternalId, StringComparer.Ordinal).Select(p => (p.ExternalId, p.FirstName, p.IsActive)));
    }

    [Fact]
    public async Task A_username_differing_only_by_case_from_another_persons_is_refused_at_upload()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ImportAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("s1", username: "Sam.Lee", password: "sam-password-1"),
            CsvFiles.Row("s2", email: "s2@example.org")));

        // s1 (left out of this file, so to be archived) still holds "Sam.Lee"; s2 asks for it in other letters' case.
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(CsvFiles.Row("s2", username: "sAM.lEE", email: "s2@example.org"))))!;

        Assert.Equal(CsvImportStatus.Invalid, upload.Status);
        Assert.Contains(await Fixture.IssuesAsync(upload.ImportId),
            i => i.StartsWith("Error row 2 username: username \"sAM.lEE\" already belongs to another person", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_database_refuses_two_people_of_a_district_whose_usernames_differ_only_by_case()
    {
        var district = await Fixture.InsertDistrictAsync();
        await Fixture.InsertAsync(PersonWithUsername(district.Id, "s1", "Sam.Lee"));

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => Fixture.InsertAsync(PersonWithUsername(district.Id, "s2", "SAM.lee")));

        Assert.Contains("NormalizedUsername", refused.InnerException!.Message);
        Assert.Equal(1, await Fixture.CountAsync<Person>());
    }

    private static Person PersonWithUsername(int districtId, string userId, string username)
    {
        var person = new Person
        {
            DistrictId = districtId, Source = RosterSource.Csv, ExternalId = userId, FirstName = "First", LastName = "Last",
            Roles = PersonRoles.Student, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        person.SetUsername(username);
        return person;
    }
}
