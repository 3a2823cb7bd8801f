using System.Text.RegularExpressions;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>The import history as the owner and a support admin open it.</summary>
public sealed partial class HistoryTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_history_offers_only_the_upload_the_districts_roster_source_accepts()
    {
        var oneRoster = await Fixture.InsertOneRosterDistrictAsync();
        var csv = await Fixture.InsertDistrictAsync($"hist-{Guid.NewGuid():N}"[..20]);

        using (var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, oneRoster.Id))
        {
            var html = (await owner.GetPageAsync("/district/import/history")).Html;
            Assert.Equal("Import history", Heading().Match(html).Groups[1].Value);
            Assert.Contains("href=\"/district/oneroster\">Upload a OneRoster package</a>", html);
            Assert.DoesNotContain("href=\"/district/import\"", html);
        }
        using (var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, csv.Id))
        {
            var html = (await owner.GetPageAsync("/district/import/history")).Html;
            Assert.Contains("href=\"/district/import\">Upload users.csv and classes.csv</a>", html);
            Assert.DoesNotContain("href=\"/district/oneroster\"", html);
        }
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var acting = (await admin.GetPageAsync($"/support/districts/{oneRoster.Id}/import/history")).Html;
        Assert.Contains($"href=\"/support/districts/{oneRoster.Id}/oneroster\"", acting);
        Assert.DoesNotContain($"href=\"/support/districts/{oneRoster.Id}/import\"", acting);
    }

    [GeneratedRegex("<h1[^>]*>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex Heading();
}
