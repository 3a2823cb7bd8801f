using System.Collections.Concurrent;

namespace Twig.Sandbox.Mail;

/// <summary>Every message the sandbox SMTP server accepted, in memory, newest last.</summary>
public sealed class SandboxMailbox
{
    private readonly ConcurrentQueue<CaughtMail> _messages = new();
    private int _number;

    public IReadOnlyList<CaughtMail> Messages => _messages.ToArray();

    internal CaughtMail Add(Func<int, CaughtMail> create)
    {
        var mail = create(Interlocked.Increment(ref _number));
        _messages.Enqueue(mail);
        return mail;
    }

    public CaughtMail? Find(int number) => _messages.FirstOrDefault(m => m.Number == number);

    public void Clear() => _messages.Clear();
}

/// <param name="Number">1, 2, 3… in the order received; the address of the message on /sandbox/mail.</param>
/// <param name="To">The SMTP envelope recipients.</param>
/// <param name="MessageId">The sender's Message-Id header (Twig puts its idempotency key there).</param>
public sealed record CaughtMail(int Number, DateTimeOffset ReceivedAt, string From, IReadOnlyList<string> To, string Subject,
    string? MessageId, string? TextBody, string? HtmlBody);
