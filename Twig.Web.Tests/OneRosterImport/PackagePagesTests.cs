using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>The OneRoster upload and review pages over real HTTP: bad packages, the threshold review, the licence.</summary>
public sealed partial class PackagePagesTests(SliceFixture fixture) : SliceTest(fixture)
{
    /// <summary>Posts a package to the upload form as a browser would (multipart, with the form's antiforgery token).</summary>
    internal static async Task<HttpResponseMessage> PostPackageAsync(TwigSession session, string uploadUrl, byte[] zip, bool passwords = false)
    {
        var page = await session.GetPageAsync(uploadUrl);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(page.AntiforgeryToken()), "__RequestVerificationToken");
        if (passwords) form.Add(new StringContent("true"), "Passwords");
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "Package", "roster.zip");
        return await session.Client.PostAsync(uploadUrl, form);
    }

    private Task<int> ActivePeopleAsync(int districtId) =>
        Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == districtId && p.IsActive));

    public static TheoryData<string, string> BadPackages => new()
    {
        { "path", "has a path in its name" },
        { "no-manifest", "The .zip has no manifest.csv at its root" },
    };

    [Theory]
    [MemberData(nameof(BadPackages))]
    public async Task A_bad_package_shows_the_message_offers_the_report_and_writes_nothing(string kind, string message)
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var zip = kind == "path"
            ? Zip(("manifest.csv", Manifest("1.1", ("orgs", "bulk"), ("users", "bulk"), ("classes", "bulk"), ("enrollments", "bulk"))),
                ("orgs.csv", Orgs11), ("roster/users.csv", Users11), ("classes.csv", Classes11), ("enrollments.csv", Enrollments11))
            : Zip(("users.csv", Users11));

        var posted = await PostPackageAsync(owner, "/district/oneroster", zip);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var reviewUrl = posted.Headers.Location!.OriginalString;
        Assert.Matches("^/district/oneroster/[0-9]+$", reviewUrl);
        var review = await owner.GetPageAsync(reviewUrl);
        Assert.Contains("This package was not imported.", review.Html);
        Assert.Contains(WebUtility.HtmlEncode(message), review.Html);
        Assert.DoesNotContain("Confirm and apply", review.Html);
        var report = await owner.Client.GetAsync(reviewUrl + "?handler=Report");
        Assert.Equal("text/csv", report.Content.Headers.ContentType!.MediaType);
        var csv = Encoding.UTF8.GetString(await report.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("file,row,column,severity,message\r\n", csv);
        Assert.Contains(message, csv);
        Assert.Equal(0, await ActivePeopleAsync(district.Id));
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.CsvImportFiles.CountAsync(f => db.CsvImports.Any(i => i.Id == f.CsvImportId && i.DistrictId == district.Id))));
        Assert.Equal(CsvImportStatus.Invalid, await Fixture.ExecuteDbContextAsync(db => db.CsvImports.Where(i => i.DistrictId == district.Id).Select(i => i.Status).SingleAsync()));
    }

    [Fact]
    public async Task Each_outcome_is_said_once_and_the_history_calls_dropped_people_deactivated_as_the_package_pages_do()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await Fixture.SendAsync(new ImportOneRoster.Command(district.Id, "first.zip", Bulk11(), DryRun: false)));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var broken = await PostPackageAsync(owner, "/district/oneroster",
            Bulk11(enrollments: Enrollments11 + "e9,,,c1,s1,u99,student,false,,\r\n"));
        var refused = await owner.GetPageAsync(broken.Headers.Location!.OriginalString);
        Assert.Contains("<strong>This package was not imported.</strong> The package has errors: correct them and upload the package again.",
            refused.Html);
        Assert.DoesNotContain("nothing was imported", refused.Html);

        var reviewUrl = (await PostPackageAsync(owner, "/district/oneroster", Bulk11())).Headers.Location!.OriginalString;
        var preview = await owner.GetPageAsync(reviewUrl);
        await owner.PostFormAsync(reviewUrl + "?handler=Cancel", new Dictionary<string, string>(), preview.AntiforgeryToken());
        var cancelled = await owner.GetPageAsync(reviewUrl);
        Assert.Matches(@"<strong>Cancelled\.</strong>\s*Nothing was changed\.", cancelled.Html);
        Assert.DoesNotContain("Cancelled;", cancelled.Html);

        var history = await owner.GetPageAsync("/district/import/history");
        Assert.Contains("<th scope=\"col\">Deactivated</th>", history.Html);
        Assert.DoesNotContain(">Archived<", history.Html);
    }

    [Fact]
    public async Task A_person_at_two_schools_whose_first_schools_name_holds_a_comma_is_listed_at_two_schools_not_three()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await Fixture.SendAsync(new ImportOneRoster.Command(district.Id, "first.zip",
            Bulk11(orgs: Orgs11.Replace("Maple Elementary", "\"North Elementary, Maple Grove\"", StringComparison.Ordinal)), DryRun: false)));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var people = await owner.GetPageAsync($"/districts/{district.Id}/people?q=Turing");

        Assert.Contains("<td>North Elementary, Maple Grove; Oak Middle</td>", people.Html);
    }

    [Fact]
    public async Task A_bulk_package_dropping_more_than_the_threshold_waits_until_exactly_that_number_is_confirmed()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        var first = await Fixture.SendAsync(new ImportOneRoster.Command(district.Id, "first.zip", Bulk11(), DryRun: false));
        Assert.Equal(ImportOneRoster.Outcome.Applied, first.Outcome);
        var activeBefore = await ActivePeopleAsync(district.Id);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        // Only the teacher stays: everyone else is missing from the bulk users.csv.
        var onlyTeacher = Bulk11(
            users: Users11.Split("\r\n")[0] + "\r\n" + Users11.Split("\r\n").Single(l => l.StartsWith("t1,", StringComparison.Ordinal)) + "\r\n",
            enrollments: Enrollments11.Split("\r\n")[0] + "\r\n" + Enrollments11.Split("\r\n").Single(l => l.StartsWith("e1,", StringComparison.Ordinal)) + "\r\n");

        var posted = await PostPackageAsync(owner, "/district/oneroster", onlyTeacher);
        var reviewUrl = posted.Headers.Location!.OriginalString;
        var review = await owner.GetPageAsync(reviewUrl);

        Assert.Contains("Preview: nothing has changed yet.", review.Html);
        Assert.Contains("data-testid=\"threshold\"", review.Html);
        var count = int.Parse(DeactivationCount().Match(review.Html).Groups[1].Value);
        // The people who leave and the enrollments taken from the classes the package keeps, confirmed as one number.
        Assert.Equal((activeBefore - 1) + 3, count);
        Assert.Contains($"Deactivate {activeBefore - 1} people and remove 3 enrollments from the classes it keeps ({count} changes)",
            WebUtility.HtmlDecode(review.Html));

        var unticked = await owner.PostFormAsync(reviewUrl + "?handler=Confirm", new Dictionary<string, string> { ["deactivationCount"] = count.ToString() }, review.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.OK, unticked.StatusCode);
        Assert.Contains($"--deactivate {count})", WebUtility.HtmlDecode(await unticked.Content.ReadAsStringAsync()));
        Assert.Equal(activeBefore, await ActivePeopleAsync(district.Id));

        var wrongNumber = await owner.PostFormAsync(reviewUrl + "?handler=Confirm",
            new Dictionary<string, string> { ["confirmDeactivations"] = "true", ["deactivationCount"] = (count - 1).ToString() }, review.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.OK, wrongNumber.StatusCode);
        Assert.Equal(activeBefore, await ActivePeopleAsync(district.Id));

        var confirmed = await owner.PostFormAsync(reviewUrl + "?handler=Confirm",
            new Dictionary<string, string> { ["confirmDeactivations"] = "true", ["deactivationCount"] = count.ToString() }, review.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var applied = (await owner.GetPageAsync(reviewUrl)).Html;
        Assert.Contains("Applied <time", applied);
        Assert.DoesNotContain(".</strong> Applied.", applied); // said once
        Assert.Equal(1, await ActivePeopleAsync(district.Id));
        // One upload, one line: the confirmation's own attempt is folded into the upload's row.
        var imports = await Fixture.ExecuteDbContextAsync(db => db.CsvImports.Where(i => i.DistrictId == district.Id).OrderBy(i => i.Id).Select(i => i.Status).ToListAsync());
        Assert.Equal([CsvImportStatus.Applied, CsvImportStatus.Applied], imports);
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.CsvImportFiles.CountAsync(f => db.CsvImports.Any(i => i.Id == f.CsvImportId && i.DistrictId == district.Id))));
        var history = await owner.GetPageAsync("/district/import/history");
        Assert.Contains(reviewUrl, history.Html);
        // The users.csv review page does not take a package.
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(reviewUrl.Replace("/oneroster/", "/import/", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task The_licence_counts_every_source_and_refuses_the_package_at_the_preview_and_writes_nothing()
    {
        // Two seats, one active student from another source: the package's two students make three.
        var district = await Fixture.InsertOneRosterDistrictAsync(seats: 2);
        await Fixture.InsertAsync(new Person
        {
            DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = "csv-kid", FirstName = "Casey", LastName = "Other", Roles = PersonRoles.Student,
            IsActive = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var posted = await PostPackageAsync(owner, "/district/oneroster", Bulk11());
        var review = await owner.GetPageAsync(posted.Headers.Location!.OriginalString);

        // The heading names the outcome; the message after it does not name it again.
        Assert.Contains("Blocked by the licence.</strong> 3 students would be active; 2 are licensed", review.Html);
        Assert.DoesNotContain("Refused by the licence", review.Html);
        Assert.DoesNotContain("Confirm and apply", review.Html);
        Assert.Equal(1, await ActivePeopleAsync(district.Id));
    }

    [Fact]
    public async Task An_applied_package_says_what_it_did_in_the_past_tense()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var reviewUrl = (await PostPackageAsync(owner, "/district/oneroster", Bulk11())).Headers.Location!.OriginalString;
        var preview = await owner.GetPageAsync(reviewUrl);
        Assert.Contains("Enrollments to add:", preview.Html);
        await owner.PostFormAsync(reviewUrl + "?handler=Confirm", new Dictionary<string, string>(), preview.AntiforgeryToken());

        var applied = WebUtility.HtmlDecode((await owner.GetPageAsync(reviewUrl)).Html);
        Assert.Contains("What this package did", applied);
        Assert.Matches("Enrollments added: [0-9]+ · removed: 0.", applied);
        Assert.Contains("Active students once it was applied:", applied);
        Assert.Contains("<th scope=\"col\">Created</th>", applied);
        foreach (var future in new[] { "to add", "to remove", "after this package", ">Create<", ">Deactivate<" })
            Assert.DoesNotContain(future, applied);
    }

    [Fact]
    public async Task A_CSV_district_sees_why_it_takes_no_package_instead_of_the_form()
    {
        var district = await Fixture.InsertDistrictAsync(slug: $"orc-{Guid.NewGuid():N}"[..20]);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var page = await owner.GetPageAsync("/district/oneroster");
        Assert.Contains("sources never mix", page.Html);
        Assert.DoesNotContain("Upload and check", page.Html);
    }

    [GeneratedRegex("name=\"deactivationCount\" value=\"([0-9]+)\"")]
    private static partial Regex DeactivationCount();
}
