using FluentValidation;
using Microsoft.AspNetCore.Identity;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// An Identity call that failed becomes a validation failure with Identity's own words, so pages and verbs show it like any other
/// refusal (account pages in DistrictAdmin and Login alike).
/// </summary>
public static class IdentityFailure
{
    public static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new ValidationException(result.Errors.Select(e => new FluentValidation.Results.ValidationFailure("", e.Description)));
    }
}
