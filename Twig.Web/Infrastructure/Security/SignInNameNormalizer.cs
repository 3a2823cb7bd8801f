using Microsoft.AspNetCore.Identity;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// Identity's key for Twig's own accounts (owners and staff) is the roster's sign-in key (<see cref="SignInName.Key"/>),
/// so an address typed with a stray space finds its account the way a rostered person's does. Identity's default put the
/// value in Unicode form C first; that step stays, so every key already stored for an account is unchanged.
/// </summary>
public sealed class SignInNameNormalizer : ILookupNormalizer
{
    public string? NormalizeName(string? name) => name is null ? null : SignInName.Key(name.Normalize());

    public string? NormalizeEmail(string? email) => NormalizeName(email);
}
