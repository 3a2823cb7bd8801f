using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Twig.Sandbox.Configuration;

namespace Twig.Sandbox.Google;

/// <summary>A Google account as the sandbox signs it in.</summary>
public sealed record GoogleIdentity(string Sub, string Email, bool EmailVerified, string Name, string GivenName, string FamilyName,
    string? HostedDomain);

/// <summary>State of the sandbox Google sign-in: codes (with their PKCE challenge) and access tokens.</summary>
public sealed class GoogleSandbox(SandboxOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, GoogleCode> codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GoogleIdentity> tokens = new(StringComparer.Ordinal);

    public GoogleAppOptions App => options.Google;

    /// <summary>Consumer domains: no <c>hd</c> claim.</summary>
    private static readonly string[] ConsumerDomains = ["gmail.com", "googlemail.com"];

    public bool IsUnapproved(string email) =>
        App.UnapprovedDomains.Any(d => string.Equals(DomainOf(email), d, StringComparison.OrdinalIgnoreCase));

    public static GoogleIdentity IdentityFor(string email, bool verified)
    {
        var normalized = email.Trim();
        var local = normalized.Split('@')[0];
        // "ana.garcia-lopez42" → Ana / Garcia Lopez: digits in an address are not part of a name.
        var parts = local.Split(['.', '_', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.TrimEnd("0123456789".ToCharArray()))
            .Where(p => p.Length > 0)
            .Select(p => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(p.ToLowerInvariant()))
            .ToArray();
        var given = parts.Length > 0 ? parts[0] : local;
        var family = parts.Length > 1 ? string.Join(" ", parts[1..]) : "";
        var domain = DomainOf(normalized);
        var sub = "1" + string.Concat(SHA256.HashData(Encoding.UTF8.GetBytes(normalized.ToLowerInvariant())).Take(10)
            .Select(b => (b % 100).ToString("D2", CultureInfo.InvariantCulture)));
        var hd = ConsumerDomains.Contains(domain, StringComparer.OrdinalIgnoreCase) || domain.Length == 0 ? null
            : domain.ToLowerInvariant();
        return new GoogleIdentity(sub, normalized, verified, (given + " " + family).Trim(), given, family, hd);
    }

    internal string IssueCode(GoogleIdentity identity, string redirectUri, string? challenge, string? method, string? scope)
    {
        var code = "4/0Sandbox" + CleverSandbox.RandomHex(40);
        codes[code] = new GoogleCode(identity, redirectUri, challenge, method, scope, time.GetUtcNow());
        return code;
    }

    internal GoogleCode? Redeem(string code) =>
        codes.TryRemove(code, out var grant) && time.GetUtcNow() - grant.IssuedAt <= TimeSpan.FromMinutes(10) ? grant : null;

    internal string IssueToken(GoogleIdentity identity)
    {
        var token = "ya29.sandbox-" + CleverSandbox.RandomHex(48);
        tokens[token] = identity;
        return token;
    }

    internal GoogleIdentity? Identity(string? token) =>
        token is not null && tokens.TryGetValue(token, out var identity) ? identity : null;

    private static string DomainOf(string email)
    {
        var at = email.LastIndexOf('@');
        return at < 0 ? "" : email[(at + 1)..].Trim();
    }
}

internal sealed record GoogleCode(GoogleIdentity Identity, string RedirectUri, string? Challenge, string? Method, string? Scope,
    DateTimeOffset IssuedAt)
{
    /// <summary>PKCE (RFC 7636): S256 compares base64url(SHA-256(verifier)); plain compares as is.</summary>
    public bool Verifies(string? verifier)
    {
        if (Challenge is null) return true;
        if (string.IsNullOrEmpty(verifier)) return false;
        if (Method is null or "plain") return verifier == Challenge;
        var hashed = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-')
            .Replace('/', '_');
        return hashed == Challenge;
    }
}
