namespace Twig.Web.Domain;

/// <summary>
/// How an e-mail address or a username is stored and looked up, stated once for every roster source (users.csv,
/// OneRoster, Clever), for sign-in, and for Twig's own accounts: the value is stored trimmed (null when blank), and
/// matched by its key, the trimmed value upper-cased with the invariant culture, so sign-in ignores case on every
/// database and collation. Whatever writes a <c>Normalized…</c> column and whatever looks one up goes through here.
/// </summary>
public static class SignInName
{
    /// <summary>The value as stored: trimmed, or null when blank.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The key a typed or stored value is matched by; a blank value gives "", which no stored key equals.</summary>
    public static string Key(string value) => value.Trim().ToUpperInvariant();

    /// <summary>The key to store beside a value: null when the value is blank, as the value itself then is.</summary>
    public static string? StoredKey(string? value) => Clean(value) is { } clean ? Key(clean) : null;
}
