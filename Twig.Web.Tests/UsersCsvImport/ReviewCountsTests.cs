using System.Net;
using System.Text.RegularExpressions;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>The review page over HTTP: the preview's counts against the applied result, and what a refused file shows.</summary>
public sealed class ReviewCountsTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task A_changed_password_is_counted_on_its_own_so_the_preview_and_the_result_agree()
    {
        var district = await Fixture.InsertDistrictAsync("pw" + Guid.NewGuid().ToString("N")[..6], seats: 20);
        string Roster(string adaPassword, string renamed) => CsvFiles.File(
        [
            CsvFiles.Row("s1", username: "ada", password: adaPassword, first: "Ada"),
            .. Enumerable.Range(2, 6).Select(i => CsvFiles.Row($"s{i}", email: $"kid{i}@example.org", first: i <= 3 ? renamed : "Kid")),
        ]);
        await Fixture.ImportAsync(district.Id, Roster("ada-password-1", "Kid"));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var posted = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(Roster("ada-password-2", "Renamed")));
        var reviewUrl = posted.Headers.Location!.OriginalString;
        var preview = await owner.GetPageAsync(reviewUrl);
        var total = Regex.Match(preview.Html, "<th scope=\"row\">Total</th>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(["0", "2", "0", "0", "5"], Regex.Matches(total, "<td>(.*?)</td>").Select(m => m.Groups[1].Value));
        Assert.Matches(@"1 row carries a password\.\s+Passwords are not in the counts above", WebUtility.HtmlDecode(preview.Html));

        await owner.PostFormAsync(reviewUrl + "?handler=Confirm", new Dictionary<string, string>(), preview.AntiforgeryToken());
        var applied = WebUtility.HtmlDecode((await owner.GetPageAsync(reviewUrl)).Html);
        Assert.Contains("0 created, 2 updated, 0 reactivated, 0 archived, 5 unchanged; 1 password changed.", applied);
    }

    [Fact]
    public async Task A_file_refused_for_its_header_shows_the_error_before_the_warnings_and_does_not_claim_zero_rows()
    {
        var district = await Fixture.InsertDistrictAsync("hdr" + Guid.NewGuid().ToString("N")[..6], seats: 10);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        // A header in another system's words: eight unknown columns (warnings) and the required ones missing (one error).
        var file = "id,given,family,login,secret,kind,mail,campus\nS-1,Ada,Lovelace,ada,pw-123456,student,ada@example.org,Lincoln\n";

        var posted = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(file));
        var page = WebUtility.HtmlDecode((await owner.GetPageAsync(posted.Headers.Location!.OriginalString)).Html);

        Assert.Equal(8, Regex.Count(page, "is not part of the format and is ignored"));
        var errors = page.IndexOf("id=\"errors-heading\"", StringComparison.Ordinal);
        var warnings = page.IndexOf("id=\"warnings-heading\"", StringComparison.Ordinal);
        Assert.True(errors > 0 && warnings > 0, "the page lists the error and the warnings");
        Assert.True(errors < warnings, "the blocking error comes before the warnings");
        Assert.DoesNotContain("0 rows of people", page);
        Assert.Contains("no rows read as people ·", page);
    }
}
