using System.Text;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>
/// An upload keeps the rows it validated (encrypted), so the preview and the confirmation read them instead of parsing the
/// file again: what they apply is what was checked, an altered copy is refused, and a file kept before this form still applies.
/// </summary>
public sealed class StoredRowsTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_upload_keeps_the_validated_rows_and_the_confirmation_applies_them()
    {
        var district = await Fixture.InsertDistrictAsync("csvrows");
        var longFirst = new string('F', UsersCsv.Lengths.FirstName + 20);
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("s1", username: "kid1", password: "kept-secret-1", email: "kid1@example.org", first: longFirst, schools: "North;South"),
            CsvFiles.Row("t1", "teacher", email: "t1@example.org", schools: "North"))))!;
        Assert.Equal(CsvImportStatus.Previewed, upload.Status);

        var kept = await KeptRowsAsync(upload.ImportId);
        Assert.NotNull(kept);
        Assert.Equal(2, kept.RowCount);
        Assert.Equal(["s1", "t1"], kept.People.Select(p => p.UserId));
        var s1 = kept.People[0];
        Assert.Equal(("kid1", "kept-secret-1", PersonRoles.Student, "kid1@example.org"), (s1.Username, s1.Password, s1.Role, s1.Email));
        Assert.Equal(["North", "South"], s1.SchoolNames);
        Assert.True(s1.FirstName.Length < longFirst.Length); // shortened by the upload's checks, with its warning kept
        Assert.Contains(kept.Issues, i => i.Severity == IssueSeverity.Warning && i.Row == 2 && i.Column == UsersCsv.FirstName);

        var preview = (await Fixture.SendAsync(new Review.Query(district.Id, upload.ImportId, 1)))!.Preview!;
        Assert.Equal(["North", "South"], preview.NewSchools);
        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;
        Assert.Equal(Review.ApplyOutcome.Applied, applied.Outcome);
        var people = await Fixture.PeopleAsync(district.Id);
        Assert.Equal([s1.FirstName, "First"], people.Select(p => p.FirstName));
        Assert.NotNull(people[0].PasswordHash);
        Assert.Equal(["North", "South"], people[0].Schools.Select(s => s.School!.Name).Order());
    }

    [Fact]
    public async Task An_altered_kept_copy_is_refused_and_nothing_is_written()
    {
        var district = await Fixture.InsertDistrictAsync("csvtamper");
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid1", email: "kid1@example.org"))))!;
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            var file = await db.CsvImportFiles.SingleAsync(f => f.CsvImportId == upload.ImportId);
            var altered = file.Content.ToArray();
            altered[altered.Length / 2] ^= 0x01;
            file.Content = altered;
            await db.SaveChangesAsync();
        });

        var page = (await Fixture.SendAsync(new Review.Query(district.Id, upload.ImportId, 1)))!;
        Assert.Null(page.Preview);
        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;

        Assert.Equal((Review.ApplyOutcome.Failed, Review.CommandHandler.UnreadableMessage), (applied.Outcome, applied.Message));
        Assert.Empty(await Fixture.PeopleAsync(district.Id));
        Assert.Equal(CsvImportStatus.Previewed, (await Fixture.FindAsync<CsvImport>(upload.ImportId))!.Status);
    }

    [Fact]
    public async Task A_users_csv_kept_before_the_rows_form_still_previews_and_applies()
    {
        var district = await Fixture.InsertDistrictAsync("csvlegacy");
        var csv = CsvFiles.File(CsvFiles.Row("s1", username: "kid1", email: "kid1@example.org", schools: "North"), CsvFiles.Row("s2", username: "kid2"));
        var upload = (await Fixture.UploadAsync(district.Id, csv))!;
        var protector = Fixture.Services.GetRequiredService<PreviewFileProtector>();
        await Fixture.ExecuteDbContextAsync(db => db.CsvImportFiles.Where(f => f.CsvImportId == upload.ImportId)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Content, protector.Protect(Encoding.UTF8.GetBytes(csv)))));

        var preview = (await Fixture.SendAsync(new Review.Query(district.Id, upload.ImportId, 1)))!.Preview!;
        Assert.Equal(2, preview.Roles.Single(r => r.Role == "student").Create);
        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;

        Assert.Equal((Review.ApplyOutcome.Applied, 2), (applied.Outcome, applied.Counts!.Created));
        Assert.Equal(["s1", "s2"], (await Fixture.PeopleAsync(district.Id)).Select(p => p.ExternalId));
    }

    [Fact]
    public async Task An_unchanged_re_upload_changes_nothing_and_a_rename_is_one_update()
    {
        var district = await Fixture.InsertDistrictAsync("csvsame", seats: 500);
        var csv = CsvFiles.Students(150);
        await Fixture.ImportAsync(district.Id, csv);
        var before = (await Fixture.PeopleAsync(district.Id)).ToDictionary(p => p.ExternalId, p => (p.FirstName, p.UpdatedAt));

        var again = await Fixture.ImportAsync(district.Id, csv);
        Assert.Equal((0, 0, 0, 0, 150), (again.Counts!.Created, again.Counts.Updated, again.Counts.Reactivated, again.Counts.Archived, again.Counts.Unchanged));
        Assert.Equal(before, (await Fixture.PeopleAsync(district.Id)).ToDictionary(p => p.ExternalId, p => (p.FirstName, p.UpdatedAt)));

        var renamed = await Fixture.ImportAsync(district.Id, csv.Replace("s77,Kid77,", "s77,Renamed77,", StringComparison.Ordinal));
        Assert.Equal((0, 1, 149), (renamed.Counts!.Created, renamed.Counts.Updated, renamed.Counts.Unchanged));
        var after = await Fixture.PeopleAsync(district.Id);
        Assert.Equal("Renamed77", after.Single(p => p.ExternalId == "s77").FirstName);
        Assert.All(after.Where(p => p.ExternalId != "s77"), p => Assert.Equal(before[p.ExternalId], (p.FirstName, p.UpdatedAt)));
    }

    private async Task<ParsedFile?> KeptRowsAsync(int importId)
    {
        var stored = await Fixture.ExecuteDbContextAsync(db => db.CsvImportFiles.Where(f => f.CsvImportId == importId).Select(f => f.Content).SingleAsync());
        return StoredRows.Read(Fixture.Services.GetRequiredService<PreviewFileProtector>().Unprotect(stored));
    }
}
