namespace Twig.Web.Domain;

/// <summary>A district's Google Workspace domains as support types them and Google sign-in checks them.</summary>
public static class GoogleDomains
{
    /// <summary>"a.org, B.org b.org" → {a.org, b.org}: commas, semicolons or spaces between, lower case, no duplicates.</summary>
    public static IReadOnlySet<string> Parse(string? domains) =>
        (domains ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
}
