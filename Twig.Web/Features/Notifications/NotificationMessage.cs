using System.Net;
using System.Text;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// One notice in words: a subject, a lead sentence, facts (counts only) and a link back to Twig. Rendered as plain
/// text and as HTML with every value encoded. Nothing here may name a student or carry their e-mail address.
/// </summary>
public sealed record NotificationMessage(string Subject, string Lead, IReadOnlyList<string> Facts, string LinkText, string Link)
{
    private const string Footer = "You receive this because of your role in Twig. Manage which notices you receive: ";
    private const string SupportLine = "Questions? Write to Twig support: ";

    /// <param name="supportEmail">Twig support's address (<c>App:SupportEmail</c>), when set: the notices' "contact Twig support".</param>
    public string Text(string settingsLink, string? supportEmail = null)
    {
        var text = new StringBuilder().AppendLine(Lead).AppendLine();
        foreach (var fact in Facts) text.Append("- ").AppendLine(fact);
        if (Facts.Count > 0) text.AppendLine();
        text.Append(LinkText).Append(": ").AppendLine(Link).AppendLine().AppendLine("--").Append(Footer).AppendLine(settingsLink);
        if (supportEmail is not null) text.Append(SupportLine).AppendLine(supportEmail);
        return text.ToString();
    }

    public string Html(string settingsLink, string? supportEmail = null)
    {
        static string E(string value) => WebUtility.HtmlEncode(value);
        var html = new StringBuilder("<!DOCTYPE html><html><body>")
            .Append("<p>").Append(E(Lead)).Append("</p>");
        if (Facts.Count > 0)
        {
            html.Append("<ul>");
            foreach (var fact in Facts) html.Append("<li>").Append(E(fact)).Append("</li>");
            html.Append("</ul>");
        }
        html.Append("<p><a href=\"").Append(E(Link)).Append("\">").Append(E(LinkText)).Append("</a></p>")
            .Append("<hr><p><small>").Append(E(Footer))
            .Append("<a href=\"").Append(E(settingsLink)).Append("\">").Append(E(settingsLink)).Append("</a></small></p>");
        if (supportEmail is not null)
            html.Append("<p><small>").Append(E(SupportLine)).Append("<a href=\"mailto:").Append(E(supportEmail)).Append("\">")
                .Append(E(supportEmail)).Append("</a></small></p>");
        html.Append("</body></html>");
        return html.ToString();
    }
}
