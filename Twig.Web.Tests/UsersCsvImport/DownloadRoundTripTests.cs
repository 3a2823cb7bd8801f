using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>The people page's "Download current users.csv (upload-ready)" is what its name says.</summary>
public sealed class DownloadRoundTripTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_downloaded_users_csv_uploaded_unchanged_changes_nobody_even_a_name_a_spreadsheet_would_run()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ImportAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("s1", first: "=HYPERLINK(1)", last: "-Lee", username: "ann", email: "ann@example.org", schools: "Lincoln"),
            CsvFiles.Row("s2", first: "'Ohana", last: "+Kai", schools: "Lincoln"),
            CsvFiles.Row("t1", "teacher", first: "Tom", last: "O'Neil", email: "tom@example.org", schools: "Lincoln;Washington")));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var download = await owner.GetAsync($"/districts/{district.Id}/people?handler=UsersCsv");
        var file = await download.Content.ReadAsByteArrayAsync();
        Assert.Contains("'=HYPERLINK(1)", System.Text.Encoding.UTF8.GetString(file));
        var upload = (await Fixture.SendAsync(new Upload.Command(district.Id, "users.csv", file)))!;
        Assert.True(upload.Status == CsvImportStatus.Previewed, upload.Message);
        var preview = (await Fixture.SendAsync(new Review.Query(district.Id, upload.ImportId, 1)))!.Preview!;

        Assert.Equal(0, preview.Roles.Sum(r => r.Create + r.Update + r.Archive));
        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;
        Assert.Equal(3, applied.Counts!.Unchanged);
        var people = await Fixture.PeopleAsync(district.Id);
        Assert.Equal(["=HYPERLINK(1) -Lee", "'Ohana +Kai", "Tom O'Neil"], people.Select(p => $"{p.FirstName} {p.LastName}"));
    }
}
