using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// A sync compares each record with the hash stored on its row and reads enrollments only for sections whose membership
/// changed: rows without a hash (written before hashes were stored) and people Twig no longer holds must still come out right.
/// </summary>
public sealed class RecordHashTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Rows_without_a_stored_hash_compare_as_changed_once_and_then_as_unchanged()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 80);
        var first = await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        var people = await Fixture.TwigPeopleAsync(district.Id);
        // As the RecordHashes migration leaves a district synced before it.
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            await db.People.Where(p => p.DistrictId == district.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.RecordHash, (long?)null));
            await db.Schools.Where(s => s.DistrictId == district.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.RecordHash, (long?)null));
            await db.Sections.Where(s => s.DistrictId == district.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RecordHash, (long?)null).SetProperty(x => x.MembershipHash, (long?)null));
        });

        var once = await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);

        Assert.Equal(people.Count, once.Count(RosterEntityType.Person).Updated);
        Assert.Equal(first.Count(RosterEntityType.Section).Created, once.Count(RosterEntityType.Section).Updated);
        // Every enrollment was compared one by one and found in place.
        Assert.Equal(first.Count(RosterEntityType.Enrollment).Created, once.Count(RosterEntityType.Enrollment).Unchanged);
        foreach (var type in Enum.GetValues<RosterEntityType>())
        {
            Assert.Equal(0, once.Count(type).Created);
            Assert.Equal(0, once.Count(type).Deactivated);
        }
        Assert.Equal(people, await Fixture.TwigPeopleAsync(district.Id));
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.DistrictId == district.Id).AllAsync(p => p.RecordHash != null)));

        var then = await Fixture.SyncAsync(district.Id);

        Assert.All(then.Counts, c => Assert.Equal(0, c.Created + c.Updated + c.Deactivated + c.Reactivated));
        Assert.Equal(people.Count, then.Count(RosterEntityType.Person).Unchanged);
        Assert.Equal(first.Count(RosterEntityType.Enrollment).Created, then.Count(RosterEntityType.Enrollment).Unchanged);
        Assert.Equal(RosterOracle.People(clever).Count, people.Count);
    }

    [Fact]
    public async Task A_person_Twig_no_longer_holds_is_created_again_with_the_enrollments_of_unchanged_sections()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 60);
        await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        // A student's rows removed behind the sync's back; Clever's sections still list them, their hashes unchanged.
        var (externalId, enrollments) = await Fixture.ExecuteDbContextAsync(async db =>
        {
            var student = await db.People.AsNoTracking()
                .Where(p => p.DistrictId == district.Id && p.Source == RosterSource.Clever && (p.Roles & PersonRoles.Student) != 0)
                .Where(p => db.Enrollments.Any(e => e.PersonId == p.Id))
                .OrderBy(p => p.Id).FirstAsync();
            var count = await db.Enrollments.CountAsync(e => e.PersonId == student.Id);
            await db.Enrollments.Where(e => e.PersonId == student.Id).ExecuteDeleteAsync();
            await db.PersonSchools.Where(l => l.PersonId == student.Id).ExecuteDeleteAsync();
            await db.People.Where(p => p.Id == student.Id).ExecuteDeleteAsync();
            return (student.ExternalId, count);
        });

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(1, run.Count(RosterEntityType.Person).Created);
        Assert.Equal(enrollments, run.Count(RosterEntityType.Enrollment).Created);
        Assert.Equal(0, run.Count(RosterEntityType.Enrollment).Deactivated);
        var again = await Fixture.ExecuteDbContextAsync(db => db.People.AsNoTracking()
            .SingleAsync(p => p.DistrictId == district.Id && p.Source == RosterSource.Clever && p.ExternalId == externalId));
        Assert.Equal(enrollments, await Fixture.ExecuteDbContextAsync(db => db.Enrollments.CountAsync(e => e.PersonId == again.Id && e.IsActive)));
    }
}
