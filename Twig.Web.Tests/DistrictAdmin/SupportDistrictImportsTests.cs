using System.Text.RegularExpressions;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.UsersCsvImport;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>A district's uploads as Twig staff read them on the district's page and in its audit log.</summary>
public sealed partial class SupportDistrictImportsTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Recent_uploads_and_their_audit_entries_read_the_outcome_in_words_never_the_status_name()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 1);
        using (var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id))
        {
            await owner.PostFileAsync("/district/import", CsvFiles.Utf8(CsvFiles.Students(2)));
            await owner.PostFileAsync("/district/import", CsvFiles.Utf8(CsvFiles.File(CsvFiles.Row("s1", "pupil"))));
        }
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var page = WebUtility(await support.GetPageAsync($"/support/districts/{district.Id}"));
        var uploads = ImportsSection().Match(page).Value;
        Assert.Contains("<td>Blocked by licence</td>", uploads);
        Assert.Contains("<td>Errors, not applied</td>", uploads);
        var audit = WebUtility(await support.GetPageAsync($"/support/districts/{district.Id}/audit?what=csv.uploaded"));
        Assert.Contains("Outcome: Blocked by licence", audit);
        Assert.Contains("Outcome: Errors, not applied", audit);
        foreach (var html in new[] { page, audit })
        {
            Assert.DoesNotContain("BlockedByLicense", html);
            Assert.DoesNotMatch(@"[ >]Invalid\b", html);
        }
    }

    [Fact]
    public async Task A_support_admin_is_offered_only_the_upload_the_districts_roster_source_accepts()
    {
        var oneRoster = await Fixture.InsertOneRosterDistrictAsync();
        var csv = await Fixture.InsertDistrictAsync($"sdi-{Guid.NewGuid():N}"[..20]);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var packagePage = (await admin.GetPageAsync($"/support/districts/{oneRoster.Id}")).Html;
        Assert.Contains($"href=\"/support/districts/{oneRoster.Id}/oneroster\">Upload a OneRoster package</a>", packagePage);
        Assert.DoesNotContain($"href=\"/support/districts/{oneRoster.Id}/import\"", packagePage);
        var csvPage = (await admin.GetPageAsync($"/support/districts/{csv.Id}")).Html;
        Assert.Contains($"href=\"/support/districts/{csv.Id}/import\">Upload users.csv and classes.csv</a>", csvPage);
        Assert.DoesNotContain($"href=\"/support/districts/{csv.Id}/oneroster\"", csvPage);
    }

    private static string WebUtility(TwigSession.Page page) => System.Net.WebUtility.HtmlDecode(page.Html);

    [GeneratedRegex("id=\"imports-heading\".*?</section>", RegexOptions.Singleline)]
    private static partial Regex ImportsSection();
}
