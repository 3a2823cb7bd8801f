using Twig.Web.Domain;

namespace Twig.Web.Tests.Harness;

public static class Districts
{
    /// <summary>A district with an active subscription, inserted directly.</summary>
    public static async Task<District> InsertDistrictAsync(this SliceFixture fixture, string slug = "test", int seats = 100,
        SubscriptionStatus status = SubscriptionStatus.Active, DateOnly? endsOn = null)
    {
        var district = new District
        {
            Name = $"District {slug}",
            Slug = slug,
            CreatedAt = DateTime.UtcNow,
            Subscription = new Subscription
            {
                Status = status,
                LicensedStudentSeats = seats,
                StartsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1),
                EndsOn = endsOn,
            },
        };
        await fixture.InsertAsync(district);
        return district;
    }
}
