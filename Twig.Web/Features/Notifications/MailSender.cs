using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Twig.Sandbox.Mail;
using Twig.Web.Domain;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// Sends one notification over SMTP with MailKit: plain text and HTML, its idempotency key as Message-Id.
/// Tells apart "certainly not sent" (connect, login or a server refusal: safe to retry) from "unknown"
/// (the connection broke while the message was being handed over: not retried, so nobody gets it twice).
/// </summary>
public sealed partial class MailSender(IOptionsMonitor<SmtpOptions> options, IServiceProvider services)
{
    public async Task SendAsync(Notification notification, CancellationToken token)
    {
        var smtp = options.CurrentValue;
        var (host, port, security) = await EndpointAsync(smtp, token);
        // A bad address fails this one message (retried, then given up with the reason), never the dispatch round.
        if (!MailboxAddress.TryParse(notification.RecipientEmail, out var recipient) || string.IsNullOrEmpty(recipient.Domain))
            throw new MailNotSentException("The recipient's address cannot take e-mail; correct it on the account.",
                definitelyNotSent: true);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(recipient);
        message.Subject = notification.Subject;
        message.MessageId = MessageId(notification.IdempotencyKey);
        message.Headers.Add("X-Twig-Notification", notification.Kind.ToString());
        message.Body = new BodyBuilder { TextBody = notification.TextBody, HtmlBody = notification.HtmlBody }.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(host, port, security, token);
            if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            throw new MailNotSentException($"Could not reach the SMTP server {host}:{port}: {Describe(ex)}", definitelyNotSent: true, ex);
        }
        try
        {
            // Not cancellable: stopping halfway through the hand-over would leave its outcome unknown.
            await client.SendAsync(message, CancellationToken.None);
        }
        catch (SmtpCommandException ex)
        {
            throw new MailNotSentException($"The SMTP server refused the message ({(int)ex.StatusCode}).", definitelyNotSent: true, ex);
        }
        catch (Exception ex)
        {
            throw new MailNotSentException($"The connection broke while handing over the message: {Describe(ex)}",
                definitelyNotSent: false, ex);
        }
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception)
        {
            // Sent already; a failed QUIT changes nothing.
        }
    }

    /// <summary>The same key always gives the same Message-Id, so a copy is recognisable as one.</summary>
    public static string MessageId(string idempotencyKey) => $"{Unsafe().Replace(idempotencyKey, ".")}@notifications.twig";

    private async Task<(string Host, int Port, SecureSocketOptions Security)> EndpointAsync(SmtpOptions smtp, CancellationToken token)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host) || smtp.Host.Equals(SmtpOptions.SandboxHost, StringComparison.OrdinalIgnoreCase))
        {
            var catcher = services.GetService<SmtpCatcher>()
                          ?? throw new MailNotSentException("Smtp:Host is not set (and there is no sandbox SMTP server).",
                              definitelyNotSent: true);
            var port = await catcher.ListeningPort.WaitAsync(TimeSpan.FromSeconds(10), token);
            return ("127.0.0.1", port, SecureSocketOptions.None);
        }
        var security = !smtp.UseTls ? SecureSocketOptions.None
            : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        return (smtp.Host, smtp.Port, security);
    }

    private static string Describe(Exception ex) => ex.Message.Length > 300 ? ex.Message[..300] : ex.Message;

    [GeneratedRegex("[^A-Za-z0-9.-]")]
    private static partial Regex Unsafe();
}

public sealed class MailNotSentException(string message, bool definitelyNotSent, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when the server certainly did not take the message, so sending again cannot duplicate it.</summary>
    public bool DefinitelyNotSent { get; } = definitelyNotSent;
}
