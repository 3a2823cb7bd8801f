using System.Net;
using System.Text.RegularExpressions;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>The preview's order (warnings before Confirm) and a cancelled upload's wording (said once).</summary>
public sealed class ImportWordingTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Preview_warnings_come_before_the_confirm_button_and_a_cancelled_upload_says_cancelled_once()
    {
        var district = await Fixture.InsertDistrictAsync("words" + Guid.NewGuid().ToString("N")[..6], seats: 10);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        // An administrator without school_names is a warning, not an error.
        var file = CsvFiles.File(CsvFiles.Row("s1", username: "kid1", password: "secret-pw-1"), CsvFiles.Row("a1", "administrator", username: "boss1", password: "secret-pw-2"));
        var posted = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(file));
        var reviewUrl = posted.Headers.Location!.OriginalString;
        var preview = await owner.GetPageAsync(reviewUrl);

        var warnings = preview.Html.IndexOf("id=\"warnings-heading\"", StringComparison.Ordinal);
        var confirm = preview.Html.IndexOf(">Confirm and apply</button>", StringComparison.Ordinal);
        Assert.True(warnings > 0, "the preview lists its warnings");
        Assert.True(confirm > 0, "the preview can be confirmed");
        Assert.True(warnings < confirm, "the warnings come before the Confirm button");

        var cancelled = await owner.PostFormAsync(reviewUrl + "?handler=Cancel", new Dictionary<string, string>(), preview.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var page = await owner.FollowAsync(cancelled);
        var html = await page.Content.ReadAsStringAsync();
        var outcome = Regex.Match(html, "data-testid=\"outcome\">(.*?)</div>", RegexOptions.Singleline);
        Assert.True(outcome.Success, "the page states the outcome");
        Assert.Equal(1, Regex.Count(outcome.Groups[1].Value, "Cancel", RegexOptions.IgnoreCase));
        Assert.DoesNotMatch(@"Cancelled\.\s*Cancelled", html);
    }

    [Fact]
    public async Task Two_files_with_errors_are_asked_back_as_two_and_a_support_admin_reads_the_districts_people()
    {
        var district = await Fixture.InsertDistrictAsync("pair" + Guid.NewGuid().ToString("N")[..6]);
        var pair = (await Fixture.UploadPairAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", "pupil")),
            ClassFiles.File(ClassFiles.Row("c1", "t1", "s1"))))!;
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var pairPage = WebUtility.HtmlDecode((await owner.GetPageAsync($"/district/import/{pair.ImportId}")).Html);
        Assert.Contains("1 row of people · 1 row of classes ·", pairPage);
        var outcome = OutcomeOf(pairPage);
        Assert.Contains("These files were not imported.", outcome);
        Assert.Contains("Correct the files and upload them again.", outcome);
        var single = (await Fixture.UploadAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", "pupil"))))!;
        Assert.Contains("Correct the file and upload it again.", OutcomeOf((await owner.GetPageAsync($"/district/import/{single.ImportId}")).Html));

        var upload = (await owner.GetPageAsync("/district/import")).Html;
        Assert.Contains("Upload the list of your district's people", WebUtility.HtmlDecode(upload));
        // No inline style for client-side validation scripts Twig does not have: the content policy would refuse it.
        Assert.DoesNotContain("style=", upload);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var acting = WebUtility.HtmlDecode((await admin.GetPageAsync($"/support/districts/{district.Id}/import")).Html);
        Assert.Contains("Upload the list of the district's people", acting);
        Assert.DoesNotContain("your district's", acting);
    }

    [Fact]
    public async Task An_applied_upload_no_longer_speaks_of_schools_it_will_create()
    {
        var district = await Fixture.InsertDistrictAsync("tense" + Guid.NewGuid().ToString("N")[..6]);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var posted = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(CsvFiles.File(CsvFiles.Row("t1", "teacher", email: "t1@example.org", schools: "Lincoln Elementary"))));
        var reviewUrl = posted.Headers.Location!.OriginalString;
        var preview = await owner.GetPageAsync(reviewUrl);
        await owner.PostFormAsync(reviewUrl + "?handler=Confirm", new Dictionary<string, string>(), preview.AntiforgeryToken());

        var applied = WebUtility.HtmlDecode((await owner.GetPageAsync(reviewUrl)).Html);
        Assert.Contains("Lincoln Elementary", applied);
        Assert.DoesNotContain("will be created", applied);
        Assert.DoesNotMatch(@"\bwill\b", Regex.Match(applied, "data-testid=\"warnings\".*?</table>", RegexOptions.Singleline).Value);
    }

    private static string OutcomeOf(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "data-testid=\"outcome\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value);

    [Fact]
    public async Task People_signing_in_never_read_the_districts_file_format()
    {
        using var visitor = Fixture.CreateSession();
        foreach (var url in new[] { "/login", Features.Login.Refused.PathFor(Features.Login.SignInRefusal.GoogleUnknown) })
            Assert.DoesNotContain("users.csv", (await visitor.GetPageAsync(url)).Html);
    }
}
