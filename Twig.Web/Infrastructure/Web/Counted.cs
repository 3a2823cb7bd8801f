using System.Globalization;

namespace Twig.Web.Infrastructure.Web;

/// <summary>A count with its noun, singular for exactly one: "1 school", "2,400 schools" (US digit grouping).</summary>
public static class Counted
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public static string Of(int count, string singular, string? plural = null) =>
        count.ToString("N0", Us) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
