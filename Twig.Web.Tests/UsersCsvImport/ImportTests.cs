using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>Upload → preview → confirm against a real database: what is written, and what never is.</summary>
public sealed class ImportTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task A_valid_upload_is_only_a_preview_until_confirmed()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("s1", username: "ann", password: "ann-password", email: "ann@example.org", schools: "Lincoln"),
            CsvFiles.Row("t1", "teacher", email: "tom@example.org", schools: "Lincoln;Washington"),
            CsvFiles.Row("a1", "administrator", email: "amy@example.org", schools: "Washington"))))!;

        Assert.Equal(CsvImportStatus.Previewed, upload.Status);
        Assert.Empty(await Fixture.PeopleAsync(district.Id));
        var preview = (await Fixture.SendAsync(new Review.Query(district.Id, upload.ImportId, 1)))!.Preview!;
        Assert.Equal([("student", 1), ("teacher", 1), ("administrator", 1)], preview.Roles.Select(r => (r.Role, r.Create)));
        Assert.Equal((1, 10, true), (preview.Licence.ActiveStudentsAfter, preview.Licence.Seats, preview.Licence.Allowed));
        Assert.Equal(["Lincoln", "Washington"], preview.NewSchools);
        var import = (await Fixture.FindAsync<CsvImport>(upload.ImportId))!;
        Assert.Equal(64, import.Sha256.Length);
        Assert.NotNull(await Fixture.FindAsync<CsvImportFile>(upload.ImportId));
    }

    [Fact]
    public async Task Confirming_creates_people_with_hashed_passwords_schools_and_history()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var applied = await Fixture.ImportAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("s1", username: "Ann.Lee", password: "ann-password", email: "Ann@Example.org", schools: "Lincoln"),
            CsvFiles.Row("t1", "teacher", first: "Tom", schools: "lincoln;Washington", email: "tom@example.org")));

        Assert.Equal(2, applied.Counts!.Created);
        var people = await Fixture.PeopleAsync(district.Id);
        var ann = people.Single(p => p.ExternalId == "s1");
        Assert.Equal((RosterSource.Csv, PersonRoles.Student, "Ann.Lee", "ANN.LEE", "ANN@EXAMPLE.ORG", true),
            (ann.Source, ann.Roles, ann.Username, ann.NormalizedUsername, ann.NormalizedEmail, ann.IsActive));
        Assert.DoesNotContain("ann-password", ann.PasswordHash!);
        var hasher = Fixture.Services.GetRequiredService<IPasswordHasher<Person>>();
        Assert.NotEqual(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(ann, ann.PasswordHash!, "ann-password"));
        var tom = people.Single(p => p.ExternalId == "t1");
        Assert.Equal(PersonRoles.Teacher, tom.Roles);
        Assert.Null(tom.PasswordHash);
        Assert.Equal(["Lincoln", "Washington"], tom.Schools.Select(s => s.School!.Name).Order());
        Assert.Equal(2, await Fixture.CountAsync<School>()); // "lincoln" matched the school created for row 2

        var import = await Fixture.ExecuteDbContextAsync(db => db.CsvImports.SingleAsync());
        Assert.Equal((CsvImportStatus.Applied, 2, 2), (import.Status, import.Created, import.RowCount));
        Assert.Null(await Fixture.FindAsync<CsvImportFile>(import.Id));
        Assert.Equal(["csv.applied", "csv.uploaded"], await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.Select(a => a.Action).Order().ToListAsync()));
    }

    [Fact]
    public async Task Existing_active_schools_are_matched_by_name_ignoring_case()
    {
        var district = await Fixture.InsertDistrictAsync();
        await Fixture.InsertAsync(new School { DistrictId = district.Id, Source = RosterSource.Clever, ExternalId = "sch-1", Name = "Lincoln Elementary", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });

        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("a1", "administrator", email: "a@example.org", schools: "LINCOLN ELEMENTARY")));

        var admin = Assert.Single(await Fixture.PeopleAsync(district.Id));
        Assert.Equal("sch-1", Assert.Single(admin.Schools).School!.ExternalId);
        Assert.Equal(1, await Fixture.CountAsync<School>());
    }

    [Fact]
    public async Task One_bad_row_among_10000_writes_nothing_then_the_fixed_file_applies()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 20_000);
        var good = CsvFiles.Students(10_000);
        var bad = good.Replace("s5000,Kid5000,Last,u5000,,student,", "s5000,Kid5000,Last,u5000,,pupil,");

        var upload = (await Fixture.UploadAsync(district.Id, bad))!;

        Assert.Equal(CsvImportStatus.Invalid, upload.Status);
        Assert.Equal(["Error row 5001 role: role \"pupil\" is not student, teacher or administrator."], await Fixture.IssuesAsync(upload.ImportId));
        Assert.Equal(0, await Fixture.CountAsync<Person>());
        Assert.Null(await Fixture.FindAsync<CsvImportFile>(upload.ImportId));

        var applied = await Fixture.ImportAsync(district.Id, good);
        Assert.Equal(10_000, applied.Counts!.Created);
        Assert.Equal(10_000, await Fixture.CountAsync<Person>());
    }

    [Fact]
    public async Task Omitted_people_are_archived_not_deleted_and_come_back_when_listed_again()
    {
        var district = await Fixture.InsertDistrictAsync();
        await SetThresholdAsync(district.Id, 50);
        var all = CsvFiles.File(CsvFiles.Row("s1", email: "s1@example.org"), CsvFiles.Row("s2", email: "s2@example.org"), CsvFiles.Row("s3", username: "kid3", password: "password-3"));
        await Fixture.ImportAsync(district.Id, all);

        var archived = await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", email: "s1@example.org"), CsvFiles.Row("s2", email: "s2@example.org", first: "Renamed")));
        Assert.Equal((0, 1, 1, 0), (archived.Counts!.Created, archived.Counts.Updated, archived.Counts.Archived, archived.Counts.Reactivated));
        var people = await Fixture.PeopleAsync(district.Id);
        Assert.Equal(3, people.Count);
        var s3 = people.Single(p => p.ExternalId == "s3");
        Assert.False(s3.IsActive);
        Assert.NotNull(s3.DeactivatedAt);
        Assert.Equal("kid3", s3.Username);

        var back = await Fixture.ImportAsync(district.Id, all);
        Assert.Equal((1, 1, 0), (back.Counts!.Reactivated, back.Counts.Updated, back.Counts.Archived));
        s3 = (await Fixture.PeopleAsync(district.Id)).Single(p => p.ExternalId == "s3");
        Assert.True(s3.IsActive);
        Assert.Null(s3.DeactivatedAt);
    }

    [Fact]
    public async Task Archiving_more_than_the_threshold_needs_an_explicit_count()
    {
        var district = await Fixture.InsertDistrictAsync();
        await Fixture.ImportAsync(district.Id, CsvFiles.Students(20));
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.Students(17)))!;

        var preview = (await Fixture.SendAsync(new Review.Query(district.Id, upload.ImportId, 1)))!.Preview!;
        Assert.True(preview.NeedsArchiveConfirmation);
        Assert.Equal(["s18", "s19", "s20"], preview.ArchiveList.Select(a => a.UserId));

        var refused = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;
        Assert.Equal(Review.ApplyOutcome.NeedsArchiveConfirmation, refused.Outcome);
        Assert.Contains("Archive these 3 people", refused.Message);
        var wrongCount = (await Fixture.ConfirmAsync(district.Id, upload.ImportId, archive: 2))!;
        Assert.Equal(Review.ApplyOutcome.NeedsArchiveConfirmation, wrongCount.Outcome);
        Assert.Equal(20, await ActiveAsync(district.Id));

        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId, archive: 3))!;
        Assert.Equal(Review.ApplyOutcome.Applied, applied.Outcome);
        Assert.Equal(17, await ActiveAsync(district.Id));
    }

    [Fact]
    public async Task Archiving_within_the_threshold_needs_no_extra_confirmation()
    {
        var district = await Fixture.InsertDistrictAsync();
        await Fixture.ImportAsync(district.Id, CsvFiles.Students(20));
        var applied = await Fixture.ImportAsync(district.Id, CsvFiles.Students(18));
        Assert.Equal(2, applied.Counts!.Archived);
    }

    [Fact]
    public async Task The_licence_blocks_at_preview_and_keeps_no_file()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 2);
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.Students(3)))!;

        Assert.Equal(CsvImportStatus.BlockedByLicense, upload.Status);
        Assert.Contains("3 students would be active; 2 are licensed", upload.Message);
        Assert.Null(await Fixture.FindAsync<CsvImportFile>(upload.ImportId));
        Assert.Equal(0, await Fixture.CountAsync<Person>());
    }

    [Fact]
    public async Task The_licence_is_checked_again_at_apply()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 4);
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.Students(3)))!;
        Assert.Equal(CsvImportStatus.Previewed, upload.Status);
        await Fixture.InsertAsync(CleverStudent(district.Id, "c1"), CleverStudent(district.Id, "c2"));

        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;

        Assert.Equal(Review.ApplyOutcome.BlockedByLicense, applied.Outcome);
        Assert.Contains("5 students would be active; 4 are licensed", applied.Message);
        Assert.Equal(2, await Fixture.CountAsync<Person>());
        Assert.Equal(CsvImportStatus.BlockedByLicense, (await Fixture.FindAsync<CsvImport>(upload.ImportId))!.Status);
        Assert.Null(await Fixture.FindAsync<CsvImportFile>(upload.ImportId));
    }

    [Fact]
    public async Task Clever_people_are_untouched_by_an_import()
    {
        var district = await Fixture.InsertDistrictAsync();
        var clever = CleverStudent(district.Id, "s1");
        clever.SetUsername("cleverkid");
        await Fixture.InsertAsync(clever, CleverStudent(district.Id, "c2"));
        var before = await Fixture.PeopleAsync(district.Id);

        // Same external id as a Clever person, and a file that omits every Clever person.
        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", first: "Csv", email: "s1@example.org")));

        var after = await Fixture.PeopleAsync(district.Id);
        foreach (var person in before)
        {
            var now = after.Single(p => p.Id == person.Id);
            Assert.Equal((person.FirstName, person.IsActive, person.UpdatedAt, person.Username), (now.FirstName, now.IsActive, now.UpdatedAt, now.Username));
        }
        Assert.Single(after, p => p.Source == RosterSource.Csv && p.ExternalId == "s1" && p.FirstName == "Csv");
    }

    [Fact]
    public async Task A_username_held_by_anyone_else_in_the_district_is_an_error_but_other_districts_do_not_matter()
    {
        var district = await Fixture.InsertDistrictAsync("one");
        var other = await Fixture.InsertDistrictAsync("two");
        var clever = CleverStudent(district.Id, "c1");
        clever.SetUsername("Sam");
        await Fixture.InsertAsync(clever);
        await Fixture.ImportAsync(other.Id, CsvFiles.File(CsvFiles.Row("x1", username: "dana", password: "password-1")));

        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "SAM", password: "password-1"), CsvFiles.Row("s2", username: "dana", password: "password-2"))))!;

        Assert.Equal(CsvImportStatus.Invalid, upload.Status);
        Assert.Equal(["Error row 2 username: username \"SAM\" already belongs to another person in the district."], await Fixture.IssuesAsync(upload.ImportId));
    }

    [Fact]
    public async Task Two_people_may_swap_usernames_in_one_upload()
    {
        var district = await Fixture.InsertDistrictAsync();
        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "alpha", email: "1@example.org"), CsvFiles.Row("s2", username: "beta", email: "2@example.org")));
        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "beta", email: "1@example.org"), CsvFiles.Row("s2", username: "alpha", email: "2@example.org")));

        Assert.Equal(["beta", "alpha"], (await Fixture.PeopleAsync(district.Id)).Select(p => p.Username));
    }

    [Fact]
    public async Task An_unchanged_password_keeps_its_hash_and_a_changed_one_is_rehashed()
    {
        var district = await Fixture.InsertDistrictAsync();
        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid1", password: "password-1"), CsvFiles.Row("s2", username: "kid2", password: "password-2")));
        var before = (await Fixture.PeopleAsync(district.Id)).ToDictionary(p => p.ExternalId, p => p.PasswordHash);

        var applied = await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid1", password: "password-1"), CsvFiles.Row("s2", username: "kid2", password: "changed-2")));

        var after = (await Fixture.PeopleAsync(district.Id)).ToDictionary(p => p.ExternalId, p => p.PasswordHash);
        Assert.Equal(before["s1"], after["s1"]);
        Assert.NotEqual(before["s2"], after["s2"]);
        Assert.Equal((0, 2, 1), (applied.Counts!.Updated, applied.Counts.Unchanged, applied.Counts.PasswordsChanged));

        // An empty password cell keeps the password.
        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid1"), CsvFiles.Row("s2", username: "kid2")));
        Assert.Equal(after, (await Fixture.PeopleAsync(district.Id)).ToDictionary(p => p.ExternalId, p => p.PasswordHash));
    }

    [Fact]
    public async Task People_who_cannot_sign_in_and_administrators_without_schools_are_warnings()
    {
        var district = await Fixture.InsertDistrictAsync();
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1"), CsvFiles.Row("s2", username: "kid2"), CsvFiles.Row("a1", "administrator", email: "a@example.org"))))!;

        Assert.Equal(CsvImportStatus.Previewed, upload.Status);
        Assert.Equal(
        [
            "Warning row 2 : This person has no e-mail and no username with a password, so they will not be able to sign in.",
            "Warning row 3 : This person has no e-mail and no username with a password, so they will not be able to sign in.",
            "Warning row 4 school_names: An administrator should have school_names; without them they see no school.",
        ], await Fixture.IssuesAsync(upload.ImportId));
    }

    [Fact]
    public async Task A_newer_upload_replaces_a_pending_preview()
    {
        var district = await Fixture.InsertDistrictAsync();
        var first = (await Fixture.UploadAsync(district.Id, CsvFiles.Students(2)))!;
        var second = (await Fixture.UploadAsync(district.Id, CsvFiles.Students(3)))!;

        Assert.Equal(CsvImportStatus.Cancelled, (await Fixture.FindAsync<CsvImport>(first.ImportId))!.Status);
        Assert.Null(await Fixture.FindAsync<CsvImportFile>(first.ImportId));
        Assert.Equal(Review.ApplyOutcome.NotPending, (await Fixture.ConfirmAsync(district.Id, first.ImportId))!.Outcome);
        Assert.Equal(Review.ApplyOutcome.Applied, (await Fixture.ConfirmAsync(district.Id, second.ImportId))!.Outcome);
    }

    [Fact]
    public async Task An_expired_preview_cannot_be_confirmed_and_its_file_is_deleted()
    {
        var district = await Fixture.InsertDistrictAsync();
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.Students(2)))!;
        await Fixture.ExecuteDbContextAsync(db => db.CsvImports.ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));

        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;

        Assert.Equal(Review.ApplyOutcome.NotPending, applied.Outcome);
        Assert.Contains("expired", applied.Message);
        Assert.Equal(CsvImportStatus.Expired, (await Fixture.FindAsync<CsvImport>(upload.ImportId))!.Status);
        Assert.Null(await Fixture.FindAsync<CsvImportFile>(upload.ImportId));
        Assert.Equal(0, await Fixture.CountAsync<Person>());
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_a_clear_message()
    {
        var district = await Fixture.InsertDistrictAsync();
        var upload = (await Fixture.SendAsync(new Upload.Command(district.Id, "huge.csv", new byte[50 * 1024 * 1024 + 1])))!;

        Assert.Equal(CsvImportStatus.Invalid, upload.Status);
        Assert.Equal("The file is 50.0 MB; at most 50 MB can be uploaded. Remove columns that are not part of the format, or ask Twig support to raise the limit.", upload.Message);
    }

    [Fact]
    public async Task An_import_of_another_district_is_not_found()
    {
        var district = await Fixture.InsertDistrictAsync("one");
        var other = await Fixture.InsertDistrictAsync("two");
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.Students(2)))!;

        Assert.Null(await Fixture.SendAsync(new Review.Query(other.Id, upload.ImportId, 1)));
        Assert.Null(await Fixture.ConfirmAsync(other.Id, upload.ImportId));
        Assert.Equal(0, await Fixture.CountAsync<Person>());
    }

    private Task<int> ActiveAsync(int districtId) =>
        Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == districtId && p.IsActive));

    private Task SetThresholdAsync(int districtId, int percent) =>
        Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == districtId).ExecuteUpdateAsync(s => s.SetProperty(d => d.DeactivationThresholdPercent, percent)));

    private static Person CleverStudent(int districtId, string id) => new()
    {
        DistrictId = districtId, Source = RosterSource.Clever, ExternalId = id, FirstName = "Clever", LastName = id,
        Roles = PersonRoles.Student, CreatedAt = DateTime.UtcNow.AddDays(-1), UpdatedAt = DateTime.UtcNow.AddDays(-1),
    };
}
