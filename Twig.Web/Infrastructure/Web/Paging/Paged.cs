namespace Twig.Web.Infrastructure.Web.Paging;

/// <summary>
/// One page of a longer list, with what a pager needs: which page this is, how many there are, and whether there is a
/// page before or after it. Every paged list in Twig (audit log, runs, warnings, people, classes, import errors) is one.
/// </summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    /// <summary>At least one: an empty list still has its (empty) first page.</summary>
    public int Pages => Paged.PageCount(Total, PageSize);

    public bool HasPrevious => Page > 1;

    public bool HasNext => Page < Pages;
}

/// <summary>The paging arithmetic, stated once.</summary>
public static class Paged
{
    /// <summary>The query-string name of the page number on every paged page (<c>?p=2</c>): links and bookmarks rely on it.</summary>
    public const string Parameter = "p";

    public static int PageCount(int total, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        return Math.Max(1, (total + pageSize - 1) / pageSize);
    }

    /// <summary>
    /// The page to show for a requested number: below 1 is the first page, past the end the last one, so an old link to a
    /// list that has since shrunk still shows rows instead of an empty table.
    /// </summary>
    public static int Clamp(int requested, int total, int pageSize) => Math.Clamp(requested, 1, PageCount(total, pageSize));

    /// <summary>Counts <paramref name="ordered"/> and reads the requested page of it (two queries). The query must be ordered.</summary>
    public static async Task<Paged<T>> ToPagedAsync<T>(this IQueryable<T> ordered, int page, int pageSize, CancellationToken token)
    {
        var total = await ordered.CountAsync(token);
        var current = Clamp(page, total, pageSize);
        var items = await ordered.Skip((current - 1) * pageSize).Take(pageSize).ToListAsync(token);
        return new Paged<T>(items, current, pageSize, total);
    }
}
