namespace Twig.Web.Domain;

/// <summary>
/// An OAuth authorization code Twig has seen, kept as a SHA-256 hash (never the code itself) so that no instance
/// ever accepts it a second time. Rows are deleted once the code is long past its life at the provider.
/// </summary>
public sealed class UsedSignInCode
{
    /// <summary>Upper-case hex SHA-256 of the provider name and the code.</summary>
    public required string CodeHash { get; init; }
    public DateTime SeenAt { get; init; }
}
