using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Twig.Web.Infrastructure.Web.Times;

/// <summary>
/// <c>&lt;local-time at="@run.StartedAt" relative="true" /&gt;</c> renders
/// <c>&lt;time datetime="2026-12-06T00:12:09Z" title="2026-12-06 00:12:09 UTC"&gt;Dec 5, 2026 4:12 PM PST (12 minutes ago)&lt;/time&gt;</c>
/// in the zone <see cref="ViewerTimeZone"/> chose for this request. The one place a page turns an instant into words.
/// </summary>
[HtmlTargetElement("local-time", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LocalTimeTagHelper(ViewerTimeZone viewer, TimeProvider clock) : TagHelper
{
    /// <summary>The UTC instant; null renders <see cref="Empty"/>.</summary>
    public DateTime? At { get; set; }

    /// <summary>A row's own district zone (IANA id) on pages that list several districts.</summary>
    public string? Zone { get; set; }

    /// <summary>Adds "(12 minutes ago)" / "(in 3 minutes)".</summary>
    public bool Relative { get; set; }

    public TimePart Part { get; set; } = TimePart.DateAndTime;

    /// <summary>What a missing instant reads as (e.g. "never").</summary>
    public string Empty { get; set; } = "—";

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (At is not { } at)
        {
            output.TagName = null;
            output.Content.SetContent(Empty);
            return;
        }
        var zone = await viewer.ZoneForAsync(Zone);
        var text = DisplayTime.Format(at, zone, Part);
        if (Relative) text += " (" + DisplayTime.Relative(at, clock.GetUtcNow().UtcDateTime) + ")";
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("datetime", DisplayTime.Iso(at));
        output.Attributes.SetAttribute("title", DisplayTime.Utc(at));
        output.Content.SetContent(text);
    }
}
