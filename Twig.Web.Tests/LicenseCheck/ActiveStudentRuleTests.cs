using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.LicenseCheck;

/// <summary>The seat rule stated once: the SQL predicate and the in-memory check are one expression and must agree.</summary>
public sealed class ActiveStudentRuleTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly PersonRoles[] Roles =
    [
        PersonRoles.None, PersonRoles.Student, PersonRoles.Teacher, PersonRoles.SchoolAdmin, PersonRoles.DistrictAdmin,
        PersonRoles.Student | PersonRoles.Teacher, PersonRoles.Student | PersonRoles.DistrictAdmin,
        PersonRoles.Teacher | PersonRoles.SchoolAdmin | PersonRoles.DistrictAdmin,
        PersonRoles.Student | PersonRoles.Teacher | PersonRoles.SchoolAdmin | PersonRoles.DistrictAdmin,
    ];

    public static TheoryData<bool, PersonRoles, bool> Cases()
    {
        var data = new TheoryData<bool, PersonRoles, bool>();
        foreach (var active in new[] { true, false })
            foreach (var roles in Roles)
                data.Add(active, roles, active && roles.HasFlag(PersonRoles.Student));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_person_takes_a_seat_only_when_active_and_a_student_whatever_else_they_are(bool active, PersonRoles roles, bool takesSeat)
    {
        Assert.Equal(takesSeat, ActiveStudent.Is(active, roles));
        Assert.Equal(ActiveStudent.Is(true, roles), ActiveStudent.Takes(roles));
    }

    [Fact]
    public async Task The_sql_predicate_the_seat_count_and_the_in_memory_rule_pick_the_same_people()
    {
        var district = await Fixture.InsertDistrictAsync($"seat-rule-{Guid.NewGuid():N}"[..20]);
        var other = await Fixture.InsertDistrictAsync($"seat-other-{Guid.NewGuid():N}"[..20]);
        var people = new List<Person>();
        foreach (var source in new[] { RosterSource.Clever, RosterSource.Csv })
            foreach (var active in new[] { true, false })
                foreach (var roles in Roles)
                    people.Add(NewPerson(district.Id, source, active, roles, people.Count));
        people.Add(NewPerson(other.Id, RosterSource.Clever, active: true, PersonRoles.Student, people.Count));
        await Fixture.InsertAsync([.. people]);

        var expected = people.Where(p => p.DistrictId == district.Id && ActiveStudent.Is(p.IsActive, p.Roles))
            .Select(p => p.ExternalId).Order(StringComparer.Ordinal).ToList();
        var (selected, counted, projected) = await Fixture.ExecuteDbContextAsync(async db =>
        {
            var ids = await db.People.Where(ActiveStudent.Predicate).Where(p => p.DistrictId == district.Id)
                .Select(p => p.ExternalId).ToListAsync();
            var count = await SeatUsage.CountActiveStudentsAsync(db, district.Id, CancellationToken.None);
            // As the dashboards project it: a subquery per district, inside a Select.
            var perDistrict = await db.Districts.Where(d => d.Id == district.Id)
                .Select(d => db.People.Where(ActiveStudent.Predicate).Count(p => p.DistrictId == d.Id)).SingleAsync();
            return (ids, count, perDistrict);
        });

        Assert.Equal(expected, selected.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(expected.Count, counted);
        Assert.Equal(expected.Count, projected);
        Assert.NotEmpty(expected);
    }

    private static Person NewPerson(int districtId, RosterSource source, bool active, PersonRoles roles, int n) => new()
    {
        DistrictId = districtId,
        Source = source,
        ExternalId = $"seat-{n}",
        FirstName = "Sam",
        LastName = $"Seat{n}",
        Roles = roles,
        IsActive = active,
        DeactivatedAt = active ? null : DateTime.UtcNow,
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
    };
}
