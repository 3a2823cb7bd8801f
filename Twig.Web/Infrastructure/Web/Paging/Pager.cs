using Microsoft.AspNetCore.Routing;

namespace Twig.Web.Infrastructure.Web.Paging;

/// <summary>
/// What the one <c>_Pager</c> partial (Features/Shared) draws: "Previous · Page 2 of 5 · Next" as plain links to the current
/// page, so paging works without JavaScript. <paramref name="Label"/> names the navigation for screen readers ("Pages of
/// runs"); <paramref name="Keep"/> holds the query values the list was filtered by (search, sort), carried to every page.
/// </summary>
public sealed record Pager(int Page, int Pages, string Label, RouteValueDictionary Keep)
{
    public Pager(int page, int pages, string label, object? keep = null) : this(page, pages, label, new RouteValueDictionary(keep))
    {
    }

    /// <summary>
    /// The query-string name of the page number: <see cref="Paged.Parameter"/> unless a page holds several lists, each paged on
    /// its own (the users.csv preview's updated and new people); such a list's pager keeps the others' pages in <see cref="Keep"/>.
    /// </summary>
    public string Parameter { get; init; } = Paged.Parameter;

    public bool HasPrevious => Page > 1;

    public bool HasNext => Page < Pages;

    /// <summary>The route values of page <paramref name="page"/>: the kept filters plus the page number.</summary>
    public RouteValueDictionary ValuesFor(int page) => new(Keep) { [Parameter] = page };
}
