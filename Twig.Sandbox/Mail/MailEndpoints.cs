using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Twig.Sandbox.Pages;

namespace Twig.Sandbox.Mail;

/// <summary>/sandbox/mail: what Twig sent through the sandbox SMTP server, each message readable; and the server's on/off switch.</summary>
public static class MailEndpoints
{
    public const string Path = "/sandbox/mail";

    public static IServiceCollection AddSandboxMail(this IServiceCollection services, IConfiguration sandboxSection)
    {
        var options = new SandboxMailOptions();
        sandboxSection.GetSection("Mail").Bind(options);
        if (!options.Enabled) return services;
        services.AddSingleton(options);
        services.AddSingleton<SandboxMailbox>();
        services.AddSingleton<SmtpCatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<SmtpCatcher>());
        return services;
    }

    internal static void Map(IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<SmtpCatcher>() is null) return;
        endpoints.MapGet(Path, List);
        endpoints.MapGet(Path + "/{number:int}", Show);
        endpoints.MapPost(Path + "/{action}", Act);
    }

    private static IResult List(HttpContext http, SandboxMailbox mailbox, SmtpCatcher catcher)
    {
        var body = new StringBuilder();
        if (http.Request.Query["done"].FirstOrDefault() is { } done)
            body.Append("<p role=\"status\"><strong>").Append(Html.E(done)).Append("</strong></p>\n");
        body.Append("<p>SMTP server on 127.0.0.1:").Append(catcher.Port?.ToString(CultureInfo.InvariantCulture) ?? "(starting)")
            .Append(" is <strong>").Append(catcher.IsUp ? "up" : "down").Append("</strong>.</p>\n")
            .Append(Form(catcher.IsUp ? "down" : "up", catcher.IsUp ? "Take the mail server down" : "Bring the mail server back"))
            .Append(Form("clear", "Forget all messages"));
        var messages = mailbox.Messages.Reverse().ToList();
        if (messages.Count == 0)
        {
            body.Append("<p>No messages yet.</p>\n");
            return Html.Page("Sandbox mail", body.ToString());
        }
        body.Append("<table>\n<thead><tr><th>#</th><th>Received (UTC)</th><th>To</th><th>Subject</th></tr></thead>\n<tbody>\n");
        foreach (var m in messages)
        {
            body.Append("<tr><td>").Append(m.Number.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(Html.E(m.ReceivedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))).Append("</td><td>")
                .Append(Html.E(string.Join(", ", m.To))).Append("</td><td>")
                .Append(Html.Link($"{Path}/{m.Number.ToString(CultureInfo.InvariantCulture)}",
                    m.Subject.Length == 0 ? "(no subject)" : m.Subject))
                .Append("</td></tr>\n");
        }
        body.Append("</tbody>\n</table>\n");
        return Html.Page("Sandbox mail", body.ToString());
    }

    private static IResult Show(SandboxMailbox mailbox, int number)
    {
        if (mailbox.Find(number) is not { } m)
            return Html.Page("Sandbox mail — no such message", "<p>No such message.</p>", StatusCodes.Status404NotFound);
        var body = new StringBuilder()
            .Append("<p>").Append(Html.Link(Path, "All messages")).Append("</p>\n<dl>\n")
            .Append("<dt>From</dt><dd>").Append(Html.E(m.From)).Append("</dd>\n")
            .Append("<dt>To</dt><dd>").Append(Html.E(string.Join(", ", m.To))).Append("</dd>\n")
            .Append("<dt>Received (UTC)</dt><dd>").Append(Html.E(m.ReceivedAt.ToString("yyyy-MM-dd HH:mm:ss",
                CultureInfo.InvariantCulture))).Append("</dd>\n")
            .Append("<dt>Message-Id</dt><dd>").Append(Html.E(m.MessageId)).Append("</dd>\n</dl>\n")
            // The HTML part is shown as its source: the sandbox never renders markup it received.
            .Append("<h2>Plain text</h2>\n<pre>").Append(Html.E(m.TextBody)).Append("</pre>\n")
            .Append("<h2>HTML part (source)</h2>\n<pre>").Append(Html.E(m.HtmlBody)).Append("</pre>\n");
        return Html.Page(m.Subject.Length == 0 ? "(no subject)" : m.Subject, body.ToString());
    }

    private static async Task<IResult> Act(SandboxMailbox mailbox, SmtpCatcher catcher, string action)
    {
        string outcome;
        switch (action)
        {
            case "down":
                await catcher.DownAsync();
                outcome = "The mail server is down: Twig keeps its messages pending and retries.";
                break;
            case "up":
                await catcher.UpAsync();
                outcome = "The mail server is back.";
                break;
            case "clear":
                mailbox.Clear();
                outcome = "All messages forgotten.";
                break;
            default:
                return Html.Page("Sandbox mail — unknown action", "<p>No such action.</p>", StatusCodes.Status404NotFound);
        }
        return Results.Redirect(Html.Url(Path, ("done", outcome)));
    }

    private static string Form(string action, string label) =>
        $"<form method=\"post\" action=\"{Path}/{action}\"><button type=\"submit\">{Html.E(label)}</button></form>\n";
}
