using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.DistrictAdmin;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>Packages through check, plan, licence, threshold and apply against a real database.</summary>
public sealed class OneRosterImportTests(SliceFixture fixture) : SliceTest(fixture)
{
    private Task<ImportOneRoster.Result> ImportAsync(int districtId, byte[] zip, bool dryRun = false, int? confirm = null, bool passwords = false) =>
        Fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, dryRun, passwords, confirm));

    private Task<List<Person>> PeopleAsync(int districtId) => Fixture.ExecuteDbContextAsync(db =>
        db.People.AsNoTracking().Include(p => p.Schools).Where(p => p.DistrictId == districtId).OrderBy(p => p.ExternalId).ToListAsync());

    private Task<List<(string Class, string Person, EnrollmentRole Role)>> EnrollmentsAsync(int districtId) => Fixture.ExecuteDbContextAsync(async db =>
        (await db.Enrollments.AsNoTracking().Where(e => e.DistrictId == districtId && e.IsActive)
            .Select(e => new { Class = e.Section!.ExternalId, Person = e.Person!.ExternalId, e.Role }).ToListAsync())
        .Select(e => (e.Class, e.Person, e.Role)).OrderBy(e => e.Class).ThenBy(e => e.Person).ToList());

    [Fact]
    public async Task A_1_1_bulk_package_creates_schools_people_classes_and_enrollments_and_a_second_upload_changes_nothing()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();

        var result = await ImportAsync(district.Id, Bulk11());

        Assert.Equal(ImportOneRoster.Outcome.Applied, result.Outcome);
        var p = result.Preview!;
        Assert.Equal((2, 5, 0, 2, 4), (p.SchoolsCreated, p.PeopleCreated, p.PeopleDeactivated, p.ClassesCreated, p.EnrollmentsAdded));
        Assert.Contains(result.Issues, i => i.File == "enrollments.csv" && i.Message.StartsWith("1 enrollments of people who are disabled"));
        Assert.Equal(2, p.ActiveStudentsAfter);
        var people = await PeopleAsync(district.Id);
        Assert.Equal(["a1", "t1", "u1", "u2", "u3"], people.Select(x => x.ExternalId));
        Assert.All(people, x => Assert.Equal(RosterSource.OneRoster, x.Source));
        var ada = people.Single(x => x.ExternalId == "u1");
        Assert.Equal(("Ada", "Byron", "Lovelace", "1001", "ada.l", "03", PersonRoles.Student, true, null),
            (ada.FirstName, ada.MiddleName, ada.LastName, ada.StudentNumber, ada.Username, ada.Grade, ada.Roles, ada.IsActive, ada.PasswordHash));
        Assert.False(people.Single(x => x.ExternalId == "u3").IsActive);
        Assert.Equal(2, people.Single(x => x.ExternalId == "u2").Schools.Count);
        Assert.Equal(PersonRoles.DistrictAdmin, people.Single(x => x.ExternalId == "a1").Roles);
        Assert.Equal([("c1", "t1", EnrollmentRole.Teacher), ("c1", "u1", EnrollmentRole.Student), ("c1", "u2", EnrollmentRole.Student), ("c2", "u2", EnrollmentRole.Student)],
            await EnrollmentsAsync(district.Id));
        var section = await Fixture.ExecuteDbContextAsync(db => db.Sections.AsNoTracking().Include(s => s.School).SingleAsync(s => s.DistrictId == district.Id && s.ExternalId == "c1"));
        Assert.Equal(("Science 3A", "Maple Elementary", RosterSource.OneRoster), (section.Name, section.School!.Name, section.Source));

        var again = await ImportAsync(district.Id, Bulk11());

        Assert.Equal(ImportOneRoster.Outcome.Applied, again.Outcome);
        Assert.Equal("Applied: the package changes nothing.", again.Message);
        Assert.Equal((0, 0, 0, 0, 0, 0), (again.Preview!.PeopleCreated, again.Preview.PeopleUpdated, again.Preview.PeopleDeactivated,
            again.Preview.ClassesCreated, again.Preview.EnrollmentsAdded, again.Preview.EnrollmentsRemoved));
        var history = await Fixture.ExecuteDbContextAsync(db => db.CsvImports.AsNoTracking().Where(i => i.DistrictId == district.Id).OrderBy(i => i.Id).ToListAsync());
        Assert.Equal([CsvImportStatus.Applied, CsvImportStatus.Applied], history.Select(i => i.Status));
        Assert.Equal((5, 2, 4), (history[0].Created, history[0].ClassesCreated, history[0].EnrollmentsAdded));
    }

    [Fact]
    public async Task An_applied_package_that_fills_the_licence_tells_the_owner_once()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync(seats: 2);
        var owner = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);

        var first = await ImportAsync(district.Id, Bulk11());
        var again = await ImportAsync(district.Id, Bulk11());

        Assert.Equal((ImportOneRoster.Outcome.Applied, ImportOneRoster.Outcome.Applied), (first.Outcome, again.Outcome));
        var notices = await Fixture.ExecuteDbContextAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.DistrictId == district.Id && n.RecipientEmail == owner).Select(n => n.Kind).ToListAsync());
        Assert.Equal([NotificationKind.NearLicenceLimit], notices);
    }

    [Fact]
    public async Task A_1_2_bulk_package_takes_roles_from_roles_csv()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();

        var result = await ImportAsync(district.Id, Bulk12());

        Assert.Equal(ImportOneRoster.Outcome.Applied, result.Outcome);
        var people = await PeopleAsync(district.Id);
        Assert.Equal([("d1a", PersonRoles.DistrictAdmin), ("p1", PersonRoles.SchoolAdmin), ("t1", PersonRoles.Teacher), ("u1", PersonRoles.Student)],
            people.Select(x => (x.ExternalId, x.Roles)));
        Assert.Equal([("c1", "t1", EnrollmentRole.Teacher), ("c1", "u1", EnrollmentRole.Student)], await EnrollmentsAsync(district.Id));
    }

    [Fact]
    public async Task A_delta_on_top_of_a_bulk_changes_only_what_it_carries()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        Assert.Equal(ImportOneRoster.Outcome.Applied, (await ImportAsync(district.Id, Bulk11())).Outcome);

        // Alan leaving c1 is one of its four enrollments: above this small district's 10 % threshold.
        var result = await ImportAsync(district.Id, Delta11(), confirm: 1);

        Assert.True(result.Outcome == ImportOneRoster.Outcome.Applied, string.Join("\n", result.Issues));
        Assert.False(result.Preview!.Bulk);
        var people = (await PeopleAsync(district.Id)).ToDictionary(x => x.ExternalId);
        Assert.Equal(["a1", "t1", "u1", "u2", "u3", "u4"], people.Keys);
        Assert.Equal("King", people["u1"].LastName);
        Assert.True(people["u2"].IsActive && people["t1"].IsActive && people["a1"].IsActive);
        Assert.False(people["u3"].IsActive);
        Assert.Equal(("Emmy", true), (people["u4"].FirstName, people["u4"].IsActive));
        Assert.Equal([("c1", "t1", EnrollmentRole.Teacher), ("c1", "u1", EnrollmentRole.Student),
            ("c2", "t1", EnrollmentRole.Teacher), ("c2", "u2", EnrollmentRole.Student), ("c2", "u4", EnrollmentRole.Student)], await EnrollmentsAsync(district.Id));
        var c2 = await Fixture.ExecuteDbContextAsync(db => db.Sections.AsNoTracking().SingleAsync(s => s.DistrictId == district.Id && s.ExternalId == "c2"));
        Assert.Equal("Homeroom 4B", c2.Name);
    }

    [Fact]
    public async Task The_licence_counts_students_of_every_source()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync(seats: 3);
        var now = DateTime.UtcNow;
        await Fixture.InsertAsync(
            new Person { DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = "csv-1", FirstName = "C", LastName = "One", Roles = PersonRoles.Student, CreatedAt = now, UpdatedAt = now },
            new Person { DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = "csv-2", FirstName = "C", LastName = "Two", Roles = PersonRoles.Student, CreatedAt = now, UpdatedAt = now });

        var result = await ImportAsync(district.Id, Bulk11());

        Assert.Equal(ImportOneRoster.Outcome.BlockedByLicence, result.Outcome);
        Assert.Equal("Refused by the licence: 4 students would be active; 3 are licensed. Nothing was imported.", result.Message);
        Assert.Equal(2, (await PeopleAsync(district.Id)).Count);
        Assert.Equal(CsvImportStatus.BlockedByLicense, (await Fixture.FindAsync<CsvImport>(result.ImportId))!.Status);
    }

    [Fact]
    public async Task An_ended_subscription_takes_no_package_and_a_district_over_its_seats_may_apply_one_that_does_not_raise_usage()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync(seats: 10);
        Assert.Equal(ImportOneRoster.Outcome.Applied, (await ImportAsync(district.Id, Bulk11())).Outcome);
        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LicensedStudentSeats, 1)));

        // Over its seats (2 students, 1 seat): the same package again changes nothing, so it applies.
        Assert.Equal(ImportOneRoster.Outcome.Applied, (await ImportAsync(district.Id, Bulk11())).Outcome);

        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LicensedStudentSeats, 10).SetProperty(x => x.EndsOn, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)))));
        var expired = await ImportAsync(district.Id, Bulk11());
        Assert.Equal(ImportOneRoster.Outcome.BlockedByLicence, expired.Outcome);
        Assert.StartsWith("Refused by the licence: The subscription expired on", expired.Message);
    }

    [Fact]
    public async Task A_package_with_errors_writes_nothing_but_its_history_with_file_row_and_column()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();

        var result = await ImportAsync(district.Id, Bulk11(enrollments: Enrollments11 + "e9,,,c9,s1,u1,student,false,,\r\n"));

        Assert.Equal(ImportOneRoster.Outcome.Invalid, result.Outcome);
        Assert.Empty(await PeopleAsync(district.Id));
        var issue = await Fixture.ExecuteDbContextAsync(db => db.CsvImportIssues.AsNoTracking().SingleAsync(i => i.CsvImportId == result.ImportId && i.Severity == IssueSeverity.Error));
        Assert.Equal(("enrollments.csv", 7, "classSourcedId"), (issue.File, issue.RowNumber, issue.Column));
    }

    [Fact]
    public async Task A_dry_run_previews_and_writes_no_roster()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();

        var result = await ImportAsync(district.Id, Bulk11(), dryRun: true);

        Assert.Equal(ImportOneRoster.Outcome.Previewed, result.Outcome);
        Assert.Equal(5, result.Preview!.PeopleCreated);
        Assert.Empty(await PeopleAsync(district.Id));
    }

    [Fact]
    public async Task A_bulk_that_drops_more_than_the_threshold_waits_for_the_exact_confirmation()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        await ImportAsync(district.Id, Bulk11());
        var fewer = Bulk11(users: Users11[..(Users11.IndexOf("u2,", StringComparison.Ordinal))] + "t1,,,true,s1,teacher,ghopper,,Grace,Hopper,,,grace@example.org,,,,,\r\n",
            enrollments: "sourcedId,classSourcedId,userSourcedId,role\r\ne1,c1,t1,teacher\r\n");

        var held = await ImportAsync(district.Id, fewer);
        Assert.Equal(ImportOneRoster.Outcome.NeedsConfirmation, held.Outcome);
        // Everything the review covers: Alan and Ann, and the three enrollments c1/u1, c1/u2 and c2/u2.
        Assert.Contains("--deactivate 5", held.Message);
        Assert.Equal(4, (await PeopleAsync(district.Id)).Count(x => x.IsActive));
        Assert.Equal(ImportOneRoster.Outcome.NeedsConfirmation, (await ImportAsync(district.Id, fewer, confirm: 2)).Outcome);

        var applied = await ImportAsync(district.Id, fewer, confirm: 5);
        Assert.Equal(ImportOneRoster.Outcome.Applied, applied.Outcome);
        Assert.Equal(["t1", "u1"], (await PeopleAsync(district.Id)).Where(x => x.IsActive).Select(x => x.ExternalId));
    }

    [Fact]
    public async Task A_password_shorter_than_the_minimum_is_a_warning_and_the_person_keeps_the_one_they_had()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk11(), passwords: true));
        var adasHash = (await PeopleAsync(district.Id)).Single(x => x.ExternalId == "u1").PasswordHash;
        Assert.NotNull(adasHash);

        // A K-2 class's PINs: Ada's row and a new kindergartner's.
        var pins = Bulk11(users: Users11.Replace("secret-pass-1", "1234", StringComparison.Ordinal)
            + "u4,,,true,s1,student,,,Kim,Kinder,,1004,,,,,KG,4321\r\n");
        var result = await ImportAsync(district.Id, pins, passwords: true);

        AssertApplied(result);
        var warnings = result.Issues.Where(i => i.Column == "password").ToList();
        Assert.Equal([(2, IssueSeverity.Warning), (8, IssueSeverity.Warning)], warnings.Select(i => (i.Row ?? 0, i.Severity)));
        Assert.All(warnings, i => Assert.DoesNotContain("1234", i.Message));
        Assert.All(warnings, i => Assert.DoesNotContain("4321", i.Message));
        var people = await PeopleAsync(district.Id);
        Assert.Equal(adasHash, people.Single(x => x.ExternalId == "u1").PasswordHash);
        var kim = people.Single(x => x.ExternalId == "u4");
        Assert.True(kim.IsActive);
        Assert.Null(kim.PasswordHash);
    }

    [Fact]
    public async Task Sources_never_mix_a_district_on_another_source_refuses_a_package()
    {
        var district = await Fixture.InsertDistrictAsync(slug: $"csv-{Guid.NewGuid():N}"[..20]);

        var result = await ImportAsync(district.Id, Bulk11());

        Assert.Equal(ImportOneRoster.Outcome.WrongSource, result.Outcome);
        Assert.StartsWith("This district is rostered from Twig CSV (users.csv), so a OneRoster CSV package import is not accepted", result.Message);
        Assert.Empty(await PeopleAsync(district.Id));
    }

    [Fact]
    public async Task Switching_source_keeps_the_old_people_until_the_new_source_first_applies()
    {
        var district = await Fixture.InsertDistrictAsync(slug: $"sw-{Guid.NewGuid():N}"[..20]);
        var now = DateTime.UtcNow;
        await Fixture.InsertAsync(new Person { DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = "old", FirstName = "O", LastName = "Ld", Roles = PersonRoles.Teacher, CreatedAt = now, UpdatedAt = now });

        var changed = await Fixture.SendAsync(new ChangeRosterSource.Command(district.Id, RosterSource.OneRoster));
        Assert.Equal((RosterSource.Csv, RosterSource.OneRoster, true), (changed.From, changed.To, changed.Changed));
        Assert.True((await PeopleAsync(district.Id)).Single().IsActive);
        Assert.Equal(RosterSource.Csv, (await Fixture.FindAsync<District>(district.Id))!.RetiringRosterSource);

        await ImportAsync(district.Id, Bulk11(), dryRun: true);
        Assert.True((await PeopleAsync(district.Id)).Single(x => x.ExternalId == "old").IsActive);

        Assert.Equal(ImportOneRoster.Outcome.Applied, (await ImportAsync(district.Id, Bulk11())).Outcome);
        Assert.False((await PeopleAsync(district.Id)).Single(x => x.ExternalId == "old").IsActive);
        Assert.Null((await Fixture.FindAsync<District>(district.Id))!.RetiringRosterSource);
        var audit = await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.DistrictId == district.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains("district.roster-source.changed", audit);
        Assert.Contains("district.roster-source.completed", audit);
    }
}
