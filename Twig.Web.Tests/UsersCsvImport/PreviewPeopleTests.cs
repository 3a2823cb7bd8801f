using System.Net;
using System.Text.RegularExpressions;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>The preview's lists of the people an upload updates (field by field, old and new) and creates, over HTTP.</summary>
public sealed class PreviewPeopleTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_preview_shows_each_changed_field_old_and_new_encoded_and_the_new_people_but_not_the_unchanged_ones()
    {
        var district = await Fixture.InsertDistrictAsync("chg" + Guid.NewGuid().ToString("N")[..6], seats: 20);
        await Fixture.ImportAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("s1", email: "ben@example.org", first: "Ben"),
            CsvFiles.Row("s2", email: "dan@example.org", first: "Dan"),
            CsvFiles.Row("s3", email: "ada@example.org", first: "Ada")));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        const string formula = "=HYPERLINK(\"http://evil.example/\",\"Click me\")";

        var posted = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(CsvFiles.File(
            CsvFiles.Row("s1", email: "ben@example.org", first: "Benjamin"),
            CsvFiles.Row("s2", email: "dan@example.org", first: "\"" + formula.Replace("\"", "\"\"") + "\""),
            CsvFiles.Row("s3", email: "ada@example.org", first: "Ada"),
            CsvFiles.Row("t1", "teacher", username: "eve.t", email: "eve@example.org", first: "Eve", last: "Stone", schools: "Lincoln"))));
        var page = await owner.GetPageAsync(posted.Headers.Location!.OriginalString);
        var text = WebUtility.HtmlDecode(page.Html);

        Assert.Contains("Updated: 2 people", text);
        Assert.Equal(["s1 | Ben Last | first name: Ben → Benjamin", $"s2 | Dan Last | first name: Dan → {formula}"],
            Rows(page, "update-list")); // Ada (s3), unchanged, is in neither list
        Assert.Contains("<q>=HYPERLINK(&quot;http://evil.example/&quot;,&quot;Click me&quot;)</q>", page.Html);

        Assert.Contains("New: 1 person", text);
        Assert.Equal(["t1 | Eve Stone | teacher | eve.t | eve@example.org | Lincoln"], Rows(page, "new-list"));
    }

    [Fact]
    public async Task Each_list_pages_on_its_own_and_a_page_link_of_one_keeps_the_page_of_the_other()
    {
        var district = await Fixture.InsertDistrictAsync("pg" + Guid.NewGuid().ToString("N")[..6], seats: 500);
        const int count = Twig.Web.Features.UsersCsvImport.Review.PageSize + 1;
        await Fixture.ImportAsync(district.Id, CsvFiles.Students(count));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var renamed = Enumerable.Range(1, count)
            .Select(i => CsvFiles.Row($"s{i}", username: $"u{i}", email: $"kid{i}@example.org", first: $"Pupil{i}"));
        var added = Enumerable.Range(count + 1, count)
            .Select(i => CsvFiles.Row($"s{i}", username: $"u{i}", email: $"kid{i}@example.org", first: $"Kid{i}"));
        var posted = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(CsvFiles.File([.. renamed, .. added])));
        var reviewUrl = posted.Headers.Location!.OriginalString;

        var newPage2 = await owner.GetPageAsync(reviewUrl + "?np=2");
        Assert.StartsWith($"s{2 * count} | Kid{2 * count} Last | student |", Assert.Single(Rows(newPage2, "new-list")));
        var firstUpdates = Rows(newPage2, "update-list");
        Assert.Equal(Twig.Web.Features.UsersCsvImport.Review.PageSize, firstUpdates.Count);
        Assert.Equal("s1 | Kid1 Last | first name: Kid1 → Pupil1", firstUpdates[0]);

        var next = Regex.Match(newPage2.Html, "aria-label=\"Pages of updated people\".*?rel=\"next\" href=\"([^\"]+)\"",
            RegexOptions.Singleline);
        Assert.True(next.Success, "the updated people have a second page");
        var both = await owner.GetPageAsync(WebUtility.HtmlDecode(next.Groups[1].Value));
        Assert.Equal([$"s{count} | Kid{count} Last | first name: Kid{count} → Pupil{count}"], Rows(both, "update-list"));
        // The new people's list stays on its second page.
        Assert.StartsWith($"s{2 * count} | Kid{2 * count} Last |", Assert.Single(Rows(both, "new-list")));
    }

    /// <summary>The rows of a table of the page, each as its cells' text joined by " | ".</summary>
    private static List<string> Rows(TwigSession.Page page, string testId)
    {
        var start = page.Html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the page has a {testId}");
        var table = page.Html[start..page.Html.IndexOf("</table>", start, StringComparison.Ordinal)];
        var body = table[table.IndexOf("<tbody>", StringComparison.Ordinal)..];
        return Regex.Matches(body, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(row => string.Join(" | ", Regex.Matches(row.Groups[1].Value, "<td>(.*?)</td>", RegexOptions.Singleline)
                .Select(cell => Text(cell.Groups[1].Value))))
            .ToList();
    }

    private static string Text(string html) =>
        Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " ")), @"\s+", " ").Trim();
}
