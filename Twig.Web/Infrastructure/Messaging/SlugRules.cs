using FluentValidation;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Messaging;

/// <summary>
/// What a new district's slug may be (<see cref="NewDistricts.SlugPattern"/>, not one of <see cref="NewDistricts.ReservedSlugs"/>),
/// checked with the same messages by support's New district (page and command line) and a Clever approval that opens a district.
/// </summary>
public static class SlugRules
{
    public static IRuleBuilderOptions<T, string?> NewDistrictSlug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(NewDistricts.SlugLength)
            .Matches(NewDistricts.SlugPattern).WithMessage(NewDistricts.SlugRule)
            .Must(slug => slug is null || !NewDistricts.ReservedSlugs.Contains(slug)).WithMessage((_, slug) => NewDistricts.SlugReserved(slug));
}
