using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Twig.Sandbox.Pages;

/// <summary>
/// Plain server-rendered HTML: no script, no CSS (the app's CSP allows neither inline), every dynamic
/// value encoded. Pages work with links and forms alone.
/// </summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Url(string path, params (string Name, string? Value)[] query)
    {
        var pairs = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => q.Name + "=" + Uri.EscapeDataString(q.Value!));
        var joined = string.Join("&", pairs);
        return joined.Length == 0 ? path : path + (path.Contains('?') ? "&" : "?") + joined;
    }

    public static string Link(string href, string text) => $"<a href=\"{E(href)}\">{E(text)}</a>";

    public static string Hidden(string name, string? value) =>
        string.IsNullOrEmpty(value) ? "" : $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">";

    public static IResult Page(string title, string body, int status = StatusCodes.Status200OK)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n</head>\n<body>\n")
            .Append("<header><p><strong>Sandbox</strong> — an offline stand-in, not the real service. ")
            .Append(Link("/sandbox", "Sandbox home")).Append("</p></header>\n<main>\n<h1>").Append(E(title)).Append("</h1>\n")
            .Append(body)
            .Append("\n</main>\n</body>\n</html>\n")
            .ToString();
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
