using System.Net;
using System.Text.RegularExpressions;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

/// <summary>The one pager, over HTTP: plain links (no JavaScript) that keep the list's filters and walk every page.</summary>
public sealed partial class PagerTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task A_long_list_shows_a_labelled_pager_whose_plain_links_walk_every_page_and_keep_the_filter()
    {
        var district = await Fixture.InsertDistrictAsync("paged");
        var start = DateTime.UtcNow.AddHours(-5);
        // 120 matching entries at 50 a page is three pages; the other action must stay filtered out on every page.
        await Fixture.InsertAsync(Enumerable.Range(0, 120).Select(i => (object)new AuditEvent
        {
            At = start.AddMinutes(i), Actor = "owner@x.test", Action = "sync.requested", DistrictId = district.Id, Details = $"n{i}",
        }).Append(new AuditEvent { At = start, Actor = "owner@x.test", Action = "import.confirmed", DistrictId = district.Id, Details = "other" }).ToArray());
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var first = await support.GetPageAsync($"/support/districts/{district.Id}/audit?what=sync.requested");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Contains("<nav aria-label=\"Pages of the audit log\"", first.Html);
        Assert.Contains("Page 1 of 3", first.Html);
        Assert.Null(Link(first.Html, "prev"));
        var next = Link(first.Html, "next");
        Assert.Equal($"/support/districts/{district.Id}/audit?what=sync.requested&p=2", next);

        var second = await support.GetPageAsync(next!);
        Assert.Contains("Page 2 of 3", second.Html);
        Assert.Contains(">n69<", second.Html);
        Assert.DoesNotContain(">n70<", second.Html);
        Assert.DoesNotContain(">other<", second.Html);
        Assert.Equal($"/support/districts/{district.Id}/audit?what=sync.requested&p=1", Link(second.Html, "prev"));

        var third = await support.GetPageAsync(Link(second.Html, "next")!);
        Assert.Contains("Page 3 of 3", third.Html);
        Assert.Contains(">n0<", third.Html);
        Assert.Null(Link(third.Html, "next"));

        // An old link past the end (the list shrank) shows the last page rather than an empty table.
        var past = await support.GetPageAsync($"/support/districts/{district.Id}/audit?what=sync.requested&p=40");
        Assert.Contains("Page 3 of 3", past.Html);
        Assert.Contains(">n0<", past.Html);

        // A list that fits on one page draws no pager at all.
        var single = await support.GetPageAsync($"/support/districts/{district.Id}/audit?what=import.confirmed");
        Assert.Contains(">other<", single.Html);
        Assert.DoesNotContain("data-testid=\"pager\"", single.Html);
    }

    private static string? Link(string html, string rel) =>
        PagerLink().Matches(html).FirstOrDefault(m => m.Groups["rel"].Value == rel) is { } match
            ? WebUtility.HtmlDecode(match.Groups["href"].Value)
            : null;

    [GeneratedRegex("<a class=\"page-link\" rel=\"(?<rel>prev|next)\" href=\"(?<href>[^\"]+)\">")]
    private static partial Regex PagerLink();
}
