namespace Twig.Web.Features.Notifications;

/// <summary>
/// <c>Smtp</c>: where Twig's e-mail goes. <c>Host</c> "sandbox" means the sandbox's own SMTP catcher (Development, tests).
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";
    public const string SandboxHost = "sandbox";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>STARTTLS (or TLS on connect for port 465); required unless the server is local.</summary>
    public bool UseTls { get; set; } = true;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Twig <no-reply@twig.test>";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary><c>Notifications</c>: e-mail on/off, the dispatcher and its retries, the daily digest and the stale-sync check.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Off: notices still appear in the app, and e-mails stay pending until it is turned on.</summary>
    public bool EmailEnabled { get; set; } = true;
    public bool DispatcherEnabled { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>After this many failed attempts a message is marked failed (visible to support).</summary>
    public int MaxAttempts { get; set; } = 10;
    /// <summary>First retry delay; doubles each attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>A claim older than this belongs to a stopped dispatcher: the outcome of its send is unknown.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);
    public string DigestAt { get; set; } = "07:00";
    public string TimeZone { get; set; } = "America/Los_Angeles";
    // Notifications:StaleAfter is read by Domain's SyncFreshness: the support console's badge uses it too.

    public (int Hour, int Minute) DigestTime()
    {
        var time = TimeOnly.Parse(DigestAt, System.Globalization.CultureInfo.InvariantCulture);
        return (time.Hour, time.Minute);
    }

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
