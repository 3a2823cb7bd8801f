using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>
/// endDate in enrollments.csv and roles.csv, on an app of its own whose clock is fixed: Jan 16, 2027 06:00 UTC, which is still
/// Jan 15 (10 PM) in the district's zone (Pacific, the default). An enrollment or role ending before Jan 15 has ended.
/// </summary>
public sealed class EndDateTests : IClassFixture<EndDateTests.ClockedApp>, IAsyncLifetime
{
    public sealed class ClockedApp : IAsyncLifetime
    {
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 1, 16, 6, 0, 0, TimeSpan.Zero));
        public SliceFixture Fixture { get; }

        public ClockedApp() => Fixture = new SliceFixture(null, services => services.AddSingleton<TimeProvider>(Clock));

        public Task InitializeAsync() => Fixture.InitializeAsync();

        public Task DisposeAsync() => Fixture.DisposeAsync();
    }

    private readonly SliceFixture _fixture;

    public EndDateTests(ClockedApp app) => _fixture = app.Fixture;

    public Task InitializeAsync() => _fixture.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Enrollments11's rows (blank dates) with Ada's (e2) given these dates.</summary>
    private static string AdaIn(string dates) => Enrollments11.Replace("e2,,,c1,s1,u1,student,false,,", "e2,,,c1,s1,u1,student,false," + dates);

    /// <summary>Applies the package as an admin would: confirming the number the preview asks for when it is above the threshold.</summary>
    private async Task<ImportOneRoster.Result> ImportAsync(int districtId, byte[] zip)
    {
        var result = await _fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, DryRun: false));
        if (result.Outcome == ImportOneRoster.Outcome.NeedsConfirmation)
            result = await _fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, DryRun: false,
                ConfirmDeactivations: result.Preview!.Confirming.Total));
        AssertApplied(result);
        return result;
    }

    private Task<bool> AdaInScienceAsync(int districtId) => _fixture.ExecuteDbContextAsync(db => db.Enrollments.AnyAsync(e =>
        e.DistrictId == districtId && e.IsActive && e.Section!.ExternalId == "c1" && e.Person!.ExternalId == "u1"));

    private static string? EndedWarning(ImportOneRoster.Result result, string file) =>
        result.Issues.SingleOrDefault(i => i.File == file && i.Column == "endDate" && i.Row is null)?.Message;

    [Fact]
    public async Task An_enrollment_that_ended_before_the_districts_today_is_not_imported_one_ending_today_is_said_once_on_the_page()
    {
        var district = await _fixture.InsertOneRosterDistrictAsync();
        using var owner = await _fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        // Alan's c1 row ended yesterday in the district; Ada's ends today there (though in UTC it is already Jan 16).
        var enrollments = AdaIn("2026-08-01,2027-01-15").Replace("e3,,,c1,s1,u2,student,false,,", "e3,,,c1,s1,u2,student,false,,2027-01-14");

        var posted = await PackagePagesTests.PostPackageAsync(owner, "/district/oneroster", Bulk11(enrollments: enrollments));
        var reviewUrl = posted.Headers.Location!.OriginalString;
        var review = await owner.GetPageAsync(reviewUrl);
        Assert.Contains("1 enrollment ended before today (Jan 15, 2027, the district&#x27;s date), so it was not imported; Twig removes " +
            "any it holds, as when a row is missing from enrollments.csv.", review.Html);
        var confirmed = await owner.PostFormAsync(reviewUrl + "?handler=Confirm", new Dictionary<string, string>(), review.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        Assert.True(await AdaInScienceAsync(district.Id));
        var alan = await _fixture.ExecuteDbContextAsync(db => db.Enrollments.Where(e => e.DistrictId == district.Id && e.IsActive
            && e.Person!.ExternalId == "u2").Select(e => e.Section!.ExternalId).ToListAsync());
        Assert.Equal(["c2"], alan);
    }

    [Fact]
    public async Task A_second_bulk_whose_row_has_ended_removes_the_enrollment_and_a_delta_reads_an_ended_row_as_a_removal()
    {
        var district = await _fixture.InsertOneRosterDistrictAsync();
        await ImportAsync(district.Id, Bulk11(enrollments: AdaIn("2026-08-01,2027-06-30")));
        Assert.True(await AdaInScienceAsync(district.Id));

        var ended = await ImportAsync(district.Id, Bulk11(enrollments: AdaIn("2026-08-01,2027-01-10")));
        Assert.False(await AdaInScienceAsync(district.Id));
        Assert.StartsWith("1 enrollment ended before today", EndedWarning(ended, OneRosterFiles.Enrollments));

        await ImportAsync(district.Id, Bulk11());
        Assert.True(await AdaInScienceAsync(district.Id));
        var delta = Delta11Of((OneRosterFiles.Enrollments,
            EnrollmentsHeader + "e2,active,2027-01-12T00:00:00Z,c1,s1,u1,student,false,2026-08-01,2027-01-10\r\n"));
        var removal = await ImportAsync(district.Id, delta);
        Assert.False(await AdaInScienceAsync(district.Id));
        Assert.Contains("so it was read as removed, as a tobedeleted row is.", EndedWarning(removal, OneRosterFiles.Enrollments));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_student_in_a_class_for_two_terms_stays_while_either_term_is_live_whatever_the_order_of_the_rows(bool endedFirst)
    {
        var district = await _fixture.InsertOneRosterDistrictAsync();
        const string fall = "e2,,,c1,s1,u1,student,false,2026-08-01,2026-12-20\r\n";
        const string spring = "e2b,,,c1,s1,u1,student,false,2027-01-05,2027-06-01\r\n";
        var others = string.Concat(Enrollments11.Split("\r\n").Where(l => l.Length > 0 && !l.StartsWith("e2,", StringComparison.Ordinal))
            .Select(l => l + "\r\n"));
        var bulk = await ImportAsync(district.Id, Bulk11(enrollments: others + (endedFirst ? fall + spring : spring + fall)));
        Assert.True(await AdaInScienceAsync(district.Id));
        Assert.Null(EndedWarning(bulk, OneRosterFiles.Enrollments));

        // The same in a delta: the ended term's row takes nothing away while the other row keeps her in the class.
        var rows = (endedFirst ? fall + spring : spring + fall).Replace(",,,c1", ",active,2027-01-12T00:00:00Z,c1");
        await ImportAsync(district.Id, Delta11Of((OneRosterFiles.Enrollments, EnrollmentsHeader + rows)));
        Assert.True(await AdaInScienceAsync(district.Id));
    }

    [Fact]
    public async Task An_enrollment_beginning_later_is_kept_and_an_unreadable_date_is_a_warning_and_read_as_blank()
    {
        var district = await _fixture.InsertOneRosterDistrictAsync();
        var enrollments = AdaIn("2027-08-20,2028-06-10")
            .Replace("e3,,,c1,s1,u2,student,false,,", "e3,,,c1,s1,u2,student,false,,12/20/2026");

        var result = await ImportAsync(district.Id, Bulk11(enrollments: enrollments));

        Assert.True(await AdaInScienceAsync(district.Id));
        Assert.Contains(result.Issues, i => i.ToString() ==
            "enrollments.csv row 4, endDate: endDate \"12/20/2026\" is not a date written YYYY-MM-DD; it was read as blank, so the " +
            "enrollment was kept.");
        Assert.True(await _fixture.ExecuteDbContextAsync(db => db.Enrollments.AnyAsync(e =>
            e.DistrictId == district.Id && e.IsActive && e.Section!.ExternalId == "c1" && e.Person!.ExternalId == "u2")));
        Assert.Null(EndedWarning(result, OneRosterFiles.Enrollments));
    }

    [Fact]
    public async Task A_begin_date_after_the_end_date_refuses_the_package_naming_file_row_and_both_dates()
    {
        var district = await _fixture.InsertOneRosterDistrictAsync();
        const string Fix = "would end before it begins. Correct the dates in the SIS and export the package again.";
        async Task<IEnumerable<string>> RefusedAsync(byte[] zip)
        {
            var result = await _fixture.SendAsync(new ImportOneRoster.Command(district.Id, "roster.zip", zip, DryRun: false));
            Assert.Equal(ImportOneRoster.Outcome.Invalid, result.Outcome);
            return result.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => i.ToString());
        }

        Assert.Contains("enrollments.csv row 3, beginDate: beginDate 2027-06-30 is after endDate 2026-08-01: the enrollment " + Fix,
            await RefusedAsync(Bulk11(enrollments: AdaIn("2027-06-30,2026-08-01"))));
        // A date and time is read as its day, as endDate's is.
        var roles = Roles12.Replace("r3,active,2026-08-01T00:00:00Z,t1,secondary,teacher,,,s2,",
            "r3,active,2026-08-01T00:00:00Z,t1,secondary,teacher,2027-01-05T00:00:00Z,2026-12-20,s2,");
        Assert.Contains("roles.csv row 4, beginDate: beginDate 2027-01-05 is after endDate 2026-12-20: the role " + Fix,
            await RefusedAsync(Package12((OneRosterFiles.Orgs, "bulk", Orgs11), (OneRosterFiles.Users, "bulk", Users12),
                (OneRosterFiles.Roles, "bulk", roles), (OneRosterFiles.Classes, "bulk", Classes11),
                (OneRosterFiles.Enrollments, "bulk", Enrollments12))));
        // A term in academicSessions.csv, which OneRoster dates with startDate.
        var sessions = Sessions.Replace("t1,,,Fall,term,2026-08-01,2026-12-20", "t1,,,Fall,term,2026-12-20,2026-08-01");
        Assert.Contains("academicSessions.csv row 3, startDate: startDate 2026-12-20 is after endDate 2026-08-01: the session " + Fix,
            await RefusedAsync(Bulk11(sessions: sessions)));
        Assert.False(await AdaInScienceAsync(district.Id));

        // Blank dates are allowed; an unreadable beginDate is a warning and read as blank, the enrollment kept.
        var result = await ImportAsync(district.Id, Bulk11(enrollments: AdaIn("Aug 1 2026,2027-06-30"),
            sessions: Sessions.Replace("2026-08-01,2026-12-20", ",2026-12-20")));
        Assert.Contains(result.Issues, i => i.ToString() ==
            "enrollments.csv row 3, beginDate: beginDate \"Aug 1 2026\" is not a date written YYYY-MM-DD; it was read as blank, so the " +
            "enrollment was kept.");
        Assert.DoesNotContain(result.Issues, i => i.File == OneRosterFiles.AcademicSessions);
        Assert.True(await AdaInScienceAsync(district.Id));
    }

    [Fact]
    public async Task A_role_that_ended_is_not_held_in_a_bulk_roles_csv_nor_after_a_delta()
    {
        var district = await _fixture.InsertOneRosterDistrictAsync();
        // Grace's secondary role at Oak ended last term; the principal's only role ended last week.
        var roles = Roles12
            .Replace("r3,active,2026-08-01T00:00:00Z,t1,secondary,teacher,,,s2,", "r3,active,2026-08-01T00:00:00Z,t1,secondary,teacher,,2026-12-20,s2,")
            .Replace("r4,active,2026-08-01T00:00:00Z,p1,primary,principal,,,s1,", "r4,active,2026-08-01T00:00:00Z,p1,primary,principal,,2027-01-08,s1,");
        var bulk = Package12((OneRosterFiles.Orgs, "bulk", Orgs11), (OneRosterFiles.Users, "bulk", Users12),
            (OneRosterFiles.Roles, "bulk", roles), (OneRosterFiles.Classes, "bulk", Classes11),
            (OneRosterFiles.Enrollments, "bulk", Enrollments12));

        var result = await ImportAsync(district.Id, bulk);

        Assert.StartsWith("2 roles ended before today (Jan 15, 2027, the district's date)", EndedWarning(result, OneRosterFiles.Roles));
        Assert.Contains(result.Issues, i => i.Message == "1 person whose every role in roles.csv ended before today (Jan 15, 2027) was not imported.");
        var schools = await _fixture.ExecuteDbContextAsync(db => db.PersonSchools
            .Where(l => db.People.Any(p => p.Id == l.PersonId && p.DistrictId == district.Id && p.ExternalId == "t1"))
            .Select(l => l.School!.ExternalId).ToListAsync());
        Assert.Equal(["s1"], schools);
        Assert.False(await _fixture.ExecuteDbContextAsync(db => db.People.AnyAsync(p => p.DistrictId == district.Id && p.ExternalId == "p1")));

        // A delta whose row ended takes the role away, as a tobedeleted row does.
        var delta = Package12((OneRosterFiles.Roles, "delta",
            RolesHeader + "r2,active,2027-01-12T00:00:00Z,t1,primary,teacher,,2027-01-14,s1,\r\n" +
            "r7,active,2027-01-12T00:00:00Z,t1,primary,siteAdministrator,,,s1,\r\n"));
        var removed = await ImportAsync(district.Id, delta);
        Assert.Contains("read as removed", EndedWarning(removed, OneRosterFiles.Roles));
        var grace = await _fixture.ExecuteDbContextAsync(db => db.People.SingleAsync(p => p.DistrictId == district.Id && p.ExternalId == "t1"));
        Assert.Equal(PersonRoles.SchoolAdmin, grace.Roles);
    }
}
