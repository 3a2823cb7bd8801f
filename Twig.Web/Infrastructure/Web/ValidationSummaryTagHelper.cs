using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// Runs after ASP.NET Core's validation summary and takes out the empty <c>&lt;li style="display:none"&gt;</c> it writes for
/// client-side validation scripts, which Twig does not use: the content policy (<c>style-src 'self'</c>) refuses inline
/// styles, so every page whose form came back with field errors logged a policy violation in the browser.
/// </summary>
[HtmlTargetElement("div", Attributes = "asp-validation-summary")]
public sealed class ValidationSummaryTagHelper : TagHelper
{
    private const string HiddenListItem = "<li style=\"display:none\"></li>";

    /// <summary>After the framework's own helper (order 0), which fills the list.</summary>
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var content = output.PostContent.GetContent();
        if (content.Contains(HiddenListItem, StringComparison.Ordinal))
            output.PostContent.SetHtmlContent(content.Replace(HiddenListItem, "", StringComparison.Ordinal));
    }
}
