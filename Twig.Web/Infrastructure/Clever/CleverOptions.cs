namespace Twig.Web.Infrastructure.Clever;

/// <summary>
/// Where Clever is and who Twig is to it. Every URL is configuration, so the same code talks to clever.com,
/// to the sandbox (a path such as <c>/sandbox/clever</c>, resolved against Twig's own address) or to a test double.
/// </summary>
public sealed class CleverOptions
{
    public const string Section = "Clever";

    public string OAuthBaseUrl { get; set; } = "https://clever.com";
    public string ApiBaseUrl { get; set; } = "https://api.clever.com";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    /// <summary>Records per Data API page; Clever allows up to 10,000.</summary>
    public int PageSize { get; set; } = 10_000;
    /// <summary>Twig's own ceiling per token, kept below Clever's 1,200 a minute.</summary>
    public int RequestsPerMinute { get; set; } = 1_000;
    public int MaxRetries { get; set; } = 5;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>The longest wait between two tries, including a wait for Clever's X-RateLimit-Reset.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
