using Microsoft.EntityFrameworkCore;
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

    /// <summary>A district rostered from OneRoster packages (a fresh slug unless one is given).</summary>
    public static async Task<District> InsertOneRosterDistrictAsync(this SliceFixture fixture, string? slug = null, int seats = 100)
    {
        var district = await fixture.InsertDistrictAsync(slug ?? $"or-{Guid.NewGuid():N}"[..20], seats);
        await fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.RosterSource, RosterSource.OneRoster)));
        district.RosterSource = RosterSource.OneRoster;
        return district;
    }
}
