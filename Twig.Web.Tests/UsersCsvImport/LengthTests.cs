using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>
/// users.csv values are checked against the columns (lengths from the EF model): names are shortened with a warning;
/// an id, username or e-mail that does not fit is a row error whose message fits its own column and echoes no value.
/// </summary>
public sealed class LengthTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Over_long_names_are_shortened_with_a_warning_naming_row_and_column()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);

        var applied = await Fixture.ImportAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("s1", first: new string('F', 250), last: new string('L', 201)), CsvFiles.Row("s2")));

        Assert.Equal(2, applied.Counts!.Created);
        var person = (await Fixture.PeopleAsync(district.Id)).Single(p => p.ExternalId == "s1");
        Assert.Equal((200, 200), (person.FirstName.Length, person.LastName.Length));
        var importId = await Fixture.ExecuteDbContextAsync(db => db.CsvImports.Select(i => i.Id).SingleAsync());
        var issues = await Fixture.IssuesAsync(importId);
        Assert.Contains("Warning row 2 first_name: first_name is 250 characters, longer than the 200 Twig stores; it was shortened.", issues);
        Assert.Contains("Warning row 2 last_name: last_name is 201 characters, longer than the 200 Twig stores; it was shortened.", issues);
    }

    [Fact]
    public async Task Over_long_ids_usernames_e_mails_and_roles_are_row_errors_that_fit_their_columns()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var huge = new string('z', 5000);

        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(
            CsvFiles.Row(new string('u', 101)),
            CsvFiles.Row("s2", username: new string('n', 201)),
            CsvFiles.Row("s3", email: huge + "@example.org"),
            CsvFiles.Row("s4", role: huge))))!;

        Assert.Equal(CsvImportStatus.Invalid, upload.Status);
        var issues = await Fixture.IssuesAsync(upload.ImportId);
        Assert.Contains("Error row 2 user_id: user_id is 101 characters, longer than the 100 Twig stores. An id is never shortened (it would name someone else): correct it in the file.", issues);
        Assert.Contains("Error row 3 username: username is 201 characters, longer than the 200 Twig stores. A username is never shortened (it is what the person types): correct it in the file.", issues);
        Assert.Contains(issues, i => i.StartsWith("Error row 4 email: The e-mail address is 5,012 characters", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.StartsWith("Error row 5 role: role \"zzzz", StringComparison.Ordinal));
        Assert.All(issues, i => Assert.True(i.Length < 300, i));
        Assert.Empty(await Fixture.PeopleAsync(district.Id));
    }
}
