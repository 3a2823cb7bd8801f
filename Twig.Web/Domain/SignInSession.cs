namespace Twig.Web.Domain;

/// <summary>
/// One signed-in browser. The cookie carries only its id (claim <c>twig:sid</c>); signing out, changing the password or
/// reaching the absolute lifetime ends the row, and with it the cookie, on every instance.
/// </summary>
public class SignInSession
{
    /// <summary>128 random bits, hex.</summary>
    public string Id { get; set; } = "";
    /// <summary>The local account (owner or staff); null for a rostered person.</summary>
    public string? UserId { get; set; }
    /// <summary>The rostered person; null for a local account.</summary>
    public int? PersonId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The absolute end, however active the session is.</summary>
    public DateTime ExpiresAt { get; set; }
    public DateTime? EndedAt { get; set; }
}
