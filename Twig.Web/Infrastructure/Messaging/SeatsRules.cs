using FluentValidation;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Messaging;

/// <summary>
/// The seats a district may buy (<see cref="NewDistricts.MaxSeats"/>), checked with its one message
/// (<see cref="NewDistricts.SeatsRule"/>) by support's New district, a Clever approval that opens a district and the
/// subscription page.
/// </summary>
public static class SeatsRules
{
    public static IRuleBuilderOptions<T, int> LicensedSeats<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(0, NewDistricts.MaxSeats).WithMessage(NewDistricts.SeatsRule);

    public static IRuleBuilderOptions<T, int?> LicensedSeats<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(0, NewDistricts.MaxSeats).WithMessage(NewDistricts.SeatsRule);
}
