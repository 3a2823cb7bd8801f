using System.Net;
using System.Text.RegularExpressions;

namespace Twig.Web.Tests.Harness;

/// <summary>
/// What a rendered form's fields hold, read from their own tags: a test that looks for <c>value="7.5"</c> anywhere in the page
/// passes on a message that quotes the value while the field itself came back empty.
/// </summary>
public static partial class FormFields
{
    /// <summary>The value attribute of the one input whose id or name is <paramref name="idOrName"/> ("" when it has none).</summary>
    public static string InputValue(string html, string idOrName)
    {
        var inputs = InputTag().Matches(html).Select(tag => Attributes(tag.Value))
            .Where(a => a.GetValueOrDefault("id") == idOrName || a.GetValueOrDefault("name") == idOrName).ToList();
        Assert.True(inputs.Count == 1, $"{inputs.Count} inputs with the id or name '{idOrName}' on the page");
        return inputs[0].GetValueOrDefault("value") ?? "";
    }

    /// <summary>The value of the selected option of the select named <paramref name="name"/> (null when none is selected).</summary>
    public static string? SelectedOption(string html, string name)
    {
        var select = Regex.Match(html, $"<select\\b[^>]*name=\"{Regex.Escape(name)}\"[^>]*>(.*?)</select>", RegexOptions.Singleline);
        Assert.True(select.Success, $"no select named '{name}' on the page");
        return OptionTag().Matches(select.Groups[1].Value).Select(tag => Attributes(tag.Value))
            .FirstOrDefault(a => a.ContainsKey("selected"))?.GetValueOrDefault("value");
    }

    private static Dictionary<string, string> Attributes(string tag) =>
        Attribute().Matches(tag).ToDictionary(a => a.Groups[1].Value, a => WebUtility.HtmlDecode(a.Groups[2].Value));

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("<option\\b[^>]*>")]
    private static partial Regex OptionTag();

    [GeneratedRegex("([\\w.-]+)=\"([^\"]*)\"")]
    private static partial Regex Attribute();
}
