using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// The planner's read of the changed sections' enrollments on SQLite, called directly: few sections are read on the
/// planner's connection; many are read in two halves at once, one on a connection of its own. Either way every enrollment
/// of those sections (and none of the others) must reach the planner once, with its values, and the active count be the
/// district's. Some of them may have been read during the fetch (<see cref="EnrollmentPrefetch"/>): those are not read again.
/// Single enrollments asked for by (section, person, role) (events mode's verified deltas) come once each, when they exist.
/// </summary>
public sealed class EnrollmentReadsTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Theory]
    [InlineData(12, 0, false)]
    [InlineData(1_300, 0, false)]
    [InlineData(12, 7, false)]
    [InlineData(1_300, 1_250, false)]
    [InlineData(12, 0, true)]
    [InlineData(0, 0, true)]
    public async Task Every_enrollment_of_the_sections_asked_for_is_read_once(int sections, int readDuringFetch, bool withPairs)
    {
        var district = await Fixture.InsertDistrictAsync();
        var now = DateTime.UtcNow;
        var people = Enumerable.Range(1, 40).Select(i => new Person
        {
            DistrictId = district.Id, Source = RosterSource.Clever, ExternalId = $"p{i}", FirstName = "F", LastName = $"L{i}",
            Roles = PersonRoles.Student, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        var classes = Enumerable.Range(1, sections + 5).Select(i => new Section
        {
            DistrictId = district.Id, Source = RosterSource.Clever, ExternalId = $"s{i}", Name = $"Section {i}", CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        await Fixture.InsertAsync([.. people, .. classes]);
        var enrollments = classes.SelectMany((section, i) => new[] { i % 40, (i * 7 + 3) % 40 }.Distinct().Select(p => new Enrollment
        {
            DistrictId = district.Id, Source = RosterSource.Clever, SectionId = section.Id, PersonId = people[p].Id,
            Role = p == i % 40 ? EnrollmentRole.Teacher : EnrollmentRole.Student, IsActive = (i + p) % 5 != 0, CreatedAt = now,
            UpdatedAt = now,
        })).ToList();
        await Fixture.InsertAsync([.. enrollments]);

        // The last five sections are not asked for: their enrollments must not be read, but for the pairs asked for (one
        // enrollment of each, and someone enrolled in none of them).
        var asked = classes.Take(sections).Select(s => s.Id).Reverse().ToList();
        var notAsked = classes.Skip(sections).Select(s => s.Id).ToHashSet();
        var single = withPairs ? enrollments.Where(e => notAsked.Contains(e.SectionId)).Where((_, i) => i % 2 == 0).ToList() : [];
        var stranger = people.First(p => !enrollments.Any(e => e.SectionId == classes[^1].Id && e.PersonId == p.Id));
        var pairs = single.Select(e => new EnrollmentKey(e.SectionId, e.PersonId, e.Role))
            .Concat(withPairs ? [new EnrollmentKey(classes[^1].Id, stranger.Id, EnrollmentRole.Teacher)] : []).ToList();
        var read = new List<(long, long, long, long, long)>();
        var active = await Fixture.ExecuteDbContextAsync(async db =>
        {
            await using var reader = new RosterReader(db, district.Id);
            await using var prefetch = readDuringFetch == 0 ? null : EnrollmentPrefetch.For(db, district.Id, CancellationToken.None);
            // As the fetcher hands them over: page by page, a section now and then twice.
            foreach (var page in asked.Take(readDuringFetch).Chunk(500)) prefetch!.Read([.. page, page[0]]);
            return await EnrollmentReads.ReadAsync(db, reader, district.Id, classes.Count, asked, pairs,
                v => read.Add((v[0], v[1], v[2], v[3], v[4])), () => true, prefetch, CancellationToken.None);
        });

        var askedSet = asked.ToHashSet();
        var expected = enrollments.Where(e => askedSet.Contains(e.SectionId) || single.Contains(e))
            .Select(e => ((long)e.Id, (long)e.SectionId, (long)e.PersonId, (long)e.Role, e.IsActive ? 1L : 0L))
            .Order().ToList();
        Assert.Equal(expected, read.Order().ToList());
        Assert.Equal(enrollments.Count(e => e.IsActive), active);
        Assert.Equal(enrollments.Count(e => e.IsActive),
            await Fixture.ExecuteDbContextAsync(db => db.Enrollments.CountAsync(e => e.IsActive)));
    }

    [Theory]
    [InlineData(1, 1, EnrollmentRole.Student)]
    [InlineData(int.MaxValue, int.MaxValue, EnrollmentRole.Teacher)]
    [InlineData(int.MaxValue, 1, EnrollmentRole.Student)]
    public async Task A_packed_pair_is_read_back_as_its_section_person_and_role(int section, int person, EnrollmentRole role)
    {
        var packed = EnrollmentReads.Packed(new EnrollmentKey(section, person, role));
        var read = new List<long>();
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            Assert.True(SqliteRows.TryRead(db.Database.GetDbConnection(),
                $"SELECT {EnrollmentReads.PackedSection}, {EnrollmentReads.PackedPerson}, {EnrollmentReads.PackedRole} " +
                    "FROM json_each(?1) AS j", [$"[{packed}]"], 3,
                v => read.AddRange(v.ToArray()), CancellationToken.None));
            await db.Database.CloseConnectionAsync();
        });
        Assert.Equal([section, person, (long)role], read);
    }
}
