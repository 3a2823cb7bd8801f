using Twig.Web.Infrastructure.Web.Paging;

namespace Twig.Web.Tests.Platform;

/// <summary>The paging arithmetic every paged list shares: how many pages, which page a request lands on, what links a pager shows.</summary>
public sealed class PagedTests
{
    [Theory]
    // total, page size, requested page → shown page, pages, previous?, next?
    [InlineData(0, 50, 1, 1, 1, false, false)]
    [InlineData(1, 50, 1, 1, 1, false, false)]
    [InlineData(50, 50, 1, 1, 1, false, false)]
    [InlineData(51, 50, 1, 1, 2, false, true)]
    [InlineData(51, 50, 2, 2, 2, true, false)]
    [InlineData(150, 50, 2, 2, 3, true, true)]
    [InlineData(150, 50, 0, 1, 3, false, true)]
    [InlineData(150, 50, -4, 1, 3, false, true)]
    [InlineData(150, 50, 9, 3, 3, true, false)]
    [InlineData(0, 25, 3, 1, 1, false, false)]
    [InlineData(101, 100, 2, 2, 2, true, false)]
    public void A_requested_page_lands_inside_the_list_and_the_pager_offers_only_real_neighbours(
        int total, int pageSize, int requested, int shown, int pages, bool previous, bool next)
    {
        var page = Paged.Clamp(requested, total, pageSize);
        var paged = new Paged<int>([], page, pageSize, total);
        var pager = new Pager(paged.Page, paged.Pages, "Pages");

        Assert.Equal(shown, paged.Page);
        Assert.Equal(pages, paged.Pages);
        Assert.Equal(pages, Paged.PageCount(total, pageSize));
        Assert.Equal((previous, next), (paged.HasPrevious, paged.HasNext));
        Assert.Equal((previous, next), (pager.HasPrevious, pager.HasNext));
    }

    [Fact]
    public void A_pager_link_keeps_the_filters_and_sets_only_the_page()
    {
        var pager = new Pager(2, 3, "Pages of people", new { q = "garcia", sort = "name" });

        var values = pager.ValuesFor(3);

        Assert.Equal("garcia", values["q"]);
        Assert.Equal("name", values["sort"]);
        Assert.Equal(3, values[Paged.Parameter]);
        Assert.False(pager.Keep.ContainsKey(Paged.Parameter));
    }

    [Fact]
    public void A_page_size_below_one_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Paged.PageCount(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Paged.PageCount(-1, 10));
    }
}
