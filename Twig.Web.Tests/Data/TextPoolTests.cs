using Twig.Web.Data.Imports;

namespace Twig.Web.Tests.Data;

/// <summary>The pool a file's reading keeps repeated names in: one string per value, and never more than it was told to hold.</summary>
public sealed class TextPoolTests
{
    [Fact]
    public void A_repeated_value_is_the_same_string_and_the_pool_stops_growing_at_its_capacity()
    {
        var pool = new TextPool(capacity: 2, maxLength: 8);

        var smith = pool.Get("Smith".AsSpan());
        Assert.Same(smith, pool.Get("xSmith".AsSpan(1)));
        Assert.Equal("", pool.Get([]));

        var lee = pool.Get("Lee");
        var full = pool.Get("Nguyen");
        Assert.Equal("Nguyen", full);
        Assert.NotSame(full, pool.Get("Nguyen")); // past its capacity: copied, not kept
        Assert.Same(lee, pool.Get("Lee"));

        Assert.NotSame(pool.Get("Berners-Lee"), pool.Get("Berners-Lee")); // longer than maxLength: never kept
    }
}
