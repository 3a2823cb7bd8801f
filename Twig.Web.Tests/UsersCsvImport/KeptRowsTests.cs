using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>
/// The preview and the confirmation may take an upload's validated rows from memory (<see cref="KeptRows"/>) and reuse their
/// row hashes, and they look up only the usernames of rows that differ from their stored hash: none of it may hide a change
/// the district made between the upload and the confirmation.
/// </summary>
public sealed class KeptRowsTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_confirmation_plans_against_the_district_as_it_is_then_not_as_it_was_at_the_upload()
    {
        var district = await Fixture.InsertDistrictAsync("csvkeptnow", seats: 100);
        var csv = CsvFiles.Students(20);
        await Fixture.ImportAsync(district.Id, csv);
        var upload = (await Fixture.UploadAsync(district.Id, csv.Replace("s5,Kid5,", "s5,Renamed5,", StringComparison.Ordinal)))!;
        Assert.Equal(CsvImportStatus.Previewed, upload.Status);
        var preview = (await Fixture.SendAsync(new Review.Query(district.Id, upload.ImportId, 1)))!.Preview!;
        var students = preview.Roles.Single(r => r.Role == "student");
        Assert.Equal((1, 0, 19), (students.Update, students.Reactivate, students.Unchanged));

        // Between the upload and the confirmation: s3 is deactivated in Twig, s7 edited (which clears its stored row hash).
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            await db.People.Where(p => p.DistrictId == district.Id && p.ExternalId == "s3")
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
            await db.People.Where(p => p.DistrictId == district.Id && p.ExternalId == "s7")
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.FirstName, "Edited").SetProperty(p => p.CsvRowHash, (long?)null));
        });
        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;

        Assert.Equal(Review.ApplyOutcome.Applied, applied.Outcome);
        Assert.Equal((0, 2, 1, 0, 17), (applied.Counts!.Created, applied.Counts.Updated, applied.Counts.Reactivated,
            applied.Counts.Archived, applied.Counts.Unchanged));
        var people = (await Fixture.PeopleAsync(district.Id)).ToDictionary(p => p.ExternalId);
        Assert.Equal(("Renamed5", "Kid7", true), (people["s5"].FirstName, people["s7"].FirstName, people["s3"].IsActive));
    }

    [Fact]
    public async Task A_school_renamed_after_the_upload_makes_the_rows_compare_in_full_at_the_confirmation()
    {
        var district = await Fixture.InsertDistrictAsync("csvkeptschool");
        // A school the district already had (not created by an import), which the file names.
        await Fixture.InsertAsync(new School
        {
            DistrictId = district.Id, Source = RosterSource.OneRoster, ExternalId = "north-1", Name = "North", IsActive = true,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        var csv = CsvFiles.File(
            CsvFiles.Row("s1", username: "kid1", schools: "North"), CsvFiles.Row("s2", username: "kid2", schools: "North"));
        await Fixture.ImportAsync(district.Id, csv);
        var upload = (await Fixture.UploadAsync(district.Id, csv))!;
        Assert.Equal(0, (await Fixture.FindAsync<CsvImport>(upload.ImportId))!.Updated);

        await Fixture.ExecuteDbContextAsync(db => db.Schools.Where(s => s.DistrictId == district.Id && s.Name == "North")
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, "Northern")));
        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;

        // "North" now names no school: the import creates one of that name and links both people to it instead.
        Assert.Equal(Review.ApplyOutcome.Applied, applied.Outcome);
        Assert.Equal((2, 0), (applied.Counts!.Updated, applied.Counts.Unchanged));
        Assert.All(await Fixture.PeopleAsync(district.Id), p => Assert.Equal([("North", RosterSource.Csv)],
            p.Schools.Select(s => (s.School!.Name, s.School.Source))));
    }

    [Fact]
    public async Task A_changed_row_claiming_the_username_of_someone_the_file_omits_is_an_error()
    {
        var district = await Fixture.InsertDistrictAsync("csvkeptname");
        await Fixture.ImportAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("s1", username: "kid1"), CsvFiles.Row("s2", username: "kid2"), CsvFiles.Row("s3", username: "kid3")));

        // s1 unchanged (its own username is not looked up), s2 omitted, s3 takes s2's username.
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("s1", username: "kid1"), CsvFiles.Row("s3", username: "KID2"))))!;

        Assert.Equal(CsvImportStatus.Invalid, upload.Status);
        var issue = Assert.Single(await Fixture.IssuesAsync(upload.ImportId), i => i.StartsWith("Error", StringComparison.Ordinal));
        Assert.Contains("row 3 username", issue, StringComparison.Ordinal);
        Assert.Contains("already belongs to another person", issue, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_are_found_only_by_the_exact_bytes_of_their_kept_copy_and_never_with_passwords()
    {
        var kept = new KeptRows();
        ParsedFile Rows(string id, string? password = null) => new(
            [new CsvPerson { Row = 2, UserId = id, FirstName = "F", LastName = "L", Role = PersonRoles.Student, Password = password }],
            [], 1);
        var (a, b, c) = (Rows("a"), Rows("b"), Rows("c"));
        var (bytesA, bytesB, bytesC) = (StoredRows.Write(a), StoredRows.Write(b), StoredRows.Write(c));

        kept.Keep(bytesA, a);
        Assert.Same(a, kept.Find(StoredRows.Write(a)));
        Assert.Null(kept.Find(bytesB));

        var withPassword = Rows("p", "secret-password");
        kept.Keep(StoredRows.Write(withPassword), withPassword);
        Assert.Null(kept.Find(StoredRows.Write(withPassword)));

        kept.Keep(bytesB, b);
        kept.Keep(bytesC, c);
        Assert.Null(kept.Find(bytesA)); // the oldest is let go beyond two
        Assert.Same(c, kept.Find(bytesC));
        kept.Forget(c);
        Assert.Null(kept.Find(bytesC));
        Assert.Same(b, kept.Find(bytesB));
    }
}
