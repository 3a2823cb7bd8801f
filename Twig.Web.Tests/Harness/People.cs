using Twig.Web.Domain;

namespace Twig.Web.Tests.Harness;

/// <summary>Rostered people inserted directly, as a sync or import would leave them.</summary>
internal static class People
{
    private static int _next;

    public static Person New(int districtId, PersonRoles roles, RosterSource source = RosterSource.Clever, bool active = true)
    {
        var n = Interlocked.Increment(ref _next);
        return new Person
        {
            DistrictId = districtId,
            Source = source,
            ExternalId = $"{source}-{n}",
            FirstName = "Pat",
            LastName = $"Person{n}",
            Roles = roles,
            IsActive = active,
            DeactivatedAt = active ? null : DateTime.UtcNow,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
    }

    public static Task InsertStudentsAsync(this SliceFixture fixture, int districtId, int count, RosterSource source = RosterSource.Clever) =>
        fixture.InsertAsync(Enumerable.Range(0, count).Select(_ => (object)New(districtId, PersonRoles.Student, source)).ToArray());

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);
}
