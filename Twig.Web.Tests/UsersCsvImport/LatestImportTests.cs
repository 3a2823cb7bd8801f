using System.Net;
using System.Text.RegularExpressions;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>The owner's dashboard line about uploads: what is in place, and a newer upload that changed nothing.</summary>
public sealed class LatestImportTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_dashboard_names_the_applied_upload_in_place_and_a_newer_cancelled_one_apart()
    {
        var district = await Fixture.InsertDistrictAsync("latest" + Guid.NewGuid().ToString("N")[..6], seats: 10);
        var now = DateTime.UtcNow;
        CsvImport Upload(int minutesAgo, CsvImportStatus status) => new()
        {
            DistrictId = district.Id, UploadedBy = "Olga Owner", UploadedAt = now.AddMinutes(-minutesAgo), FileName = "users.csv",
            Sha256 = new string('c', 64), RowCount = 1, Status = status,
            AppliedAt = status == CsvImportStatus.Applied ? now.AddMinutes(-minutesAgo) : null,
        };
        var older = Upload(30, CsvImportStatus.Applied);
        var applied = Upload(10, CsvImportStatus.Applied);
        var cancelled = Upload(2, CsvImportStatus.Cancelled);
        await Fixture.InsertAsync(older, applied, cancelled);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var line = WebUtility.HtmlDecode(Regex.Match((await owner.GetPageAsync("/district")).Html,
            "data-testid=\"csv-roster\">.*?<p class=\"mb-2\">.*?<p class=\"mb-2\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value);
        Assert.Matches($"Last applied upload: <a [^>]*href=\"/district/import/{applied.Id}\"", line);
        Assert.Matches(
            $"A newer upload at <a [^>]*href=\"/district/import/{cancelled.Id}\"[^>]*>.*?</a> by Olga Owner was cancelled\\.", line);
        Assert.DoesNotContain("Cancelled", line);
    }
}
