using System.Net;
using System.Text.RegularExpressions;

namespace Twig.Web.Tests.Harness;

public sealed partial class TwigSession
{
    public sealed partial record Page
    {
        /// <summary>
        /// What a person reads in the element marked <c>data-testid="<paramref name="testId"/>"</c>, up to the first
        /// <c>&lt;/<paramref name="tag"/>&gt;</c> after it: tags stripped, entities decoded, white space collapsed.
        /// </summary>
        public string TextOf(string testId, string tag)
        {
            var start = Html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
            if (start < 0) throw new InvalidOperationException($"The page has no data-testid=\"{testId}\".");
            start = Html.IndexOf('>', start) + 1;
            var end = Html.IndexOf($"</{tag}>", start, StringComparison.Ordinal);
            var text = WebUtility.HtmlDecode(TagPattern().Replace(Html[start..end], ""));
            return SpacePattern().Replace(text, " ").Trim();
        }

        [GeneratedRegex("<[^>]+>")]
        private static partial Regex TagPattern();

        [GeneratedRegex(@"\s+")]
        private static partial Regex SpacePattern();
    }
}
