using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// <see cref="SyncPlanner.PlanAsync"/> called directly: Clever's change set and Twig's index are arranged in memory (people
/// Twig would deactivate are real rows, because the planner reads their names for a held run's list). Each table row is one
/// state Twig holds against one thing Clever says, and the counts the plan gives for it.
/// </summary>
public sealed class SyncPlannerTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Theory]
    // Twig holds           | Clever says           | created, updated, reactivated, deactivated, unchanged
    [InlineData("nothing", "the school", 1, 0, 0, 0, 0)]
    [InlineData("the same school", "the school", 0, 0, 0, 0, 1)]
    [InlineData("an older copy", "the school", 0, 1, 0, 0, 0)]
    [InlineData("an inactive copy", "the school", 0, 0, 1, 0, 0)]
    [InlineData("the same school", "nothing", 0, 0, 0, 1, 0)]
    [InlineData("the same school", "it skipped the school", 0, 0, 0, 0, 0)]
    [InlineData("an inactive copy", "nothing", 0, 0, 0, 0, 0)]
    public async Task A_school_is_created_updated_reactivated_deactivated_or_left_as_Clever_and_Twig_say(
        string twigHolds, string cleverSays, int created, int updated, int reactivated, int deactivated, int unchanged)
    {
        var school = new SchoolRecord("sch-1", "Lincoln Elementary", null, null, "K", "5");
        var twig = new RosterIndex();
        if (twigHolds != "nothing")
            twig.Schools[school.Id] = new IndexedSchool(41, school.Name, IsActive: twigHolds != "an inactive copy")
            {
                Hash = twigHolds == "an older copy" ? RecordHashes.Of(school with { Name = "Lincoln" }) : RecordHashes.Of(school),
            };
        var clever = new CleverChanges();
        if (cleverSays == "the school") clever.Schools[school.Id] = school;
        if (cleverSays == "it skipped the school") clever.Skipped[RosterEntityType.School].Add(school.Id);

        var plan = await PlanAsync(clever, twig, districtId: 1);

        var count = plan.Counts[RosterEntityType.School];
        Assert.Equal((created, updated, reactivated, deactivated, unchanged),
            (count.Created, count.Updated, count.Reactivated, count.Deactivated, count.Unchanged));
        Assert.Equal(created, plan.SchoolsToCreate.Count);
        Assert.Equal(updated + reactivated, plan.SchoolsToUpdate.Count);
        Assert.Equal(deactivated,
            plan.DeactivationList.Count(d => d.EntityType == RosterEntityType.School && d.DisplayName == school.Name));
    }

    [Theory]
    // Twig holds          | Clever says                  | created, updated, reactivated, deactivated, students after
    [InlineData("nobody", "a changed record", 1, 0, 0, 0, 1)]
    [InlineData("an active student", "a changed record", 0, 1, 0, 0, 1)]
    [InlineData("an inactive student", "a changed record", 0, 0, 1, 0, 1)]
    [InlineData("an active student", "an unchanged record", 0, 0, 0, 0, 1)]
    [InlineData("an active student", "nothing", 0, 0, 0, 1, 0)]
    [InlineData("an active student", "an incomplete record", 0, 0, 0, 0, 1)]
    [InlineData("an inactive student", "nothing", 0, 0, 0, 0, 0)]
    [InlineData("an inactive student", "an incomplete record", 0, 0, 0, 0, 0)]
    public async Task A_person_is_created_updated_reactivated_deactivated_or_kept_as_Clever_and_Twig_say(
        string twigHolds, string cleverSays, int created, int updated, int reactivated, int deactivated, int studentsAfter)
    {
        var district = await Fixture.InsertDistrictAsync();
        var held = twigHolds == "nobody"
            ? null
            : People.New(district.Id, PersonRoles.Student, RosterSource.Clever, active: twigHolds == "an active student");
        if (held is not null) await Fixture.InsertAsync(held);
        var cleverId = held?.ExternalId ?? "new-student";
        var twig = await Fixture.ExecuteDbContextAsync(db => RosterIndex.LoadAsync(db, district.Id, CancellationToken.None));
        var clever = new CleverChanges();
        switch (cleverSays)
        {
            case "a changed record":
                clever.People[cleverId] = new PersonRecord(cleverId)
                {
                    FirstName = "Pat", LastName = "Changed", Roles = PersonRoles.Student,
                };
                clever.Students = 1;
                MarkSeen(twig, cleverId);
                break;
            case "an unchanged record":
                clever.UnchangedPeople = 1;
                clever.Students = 1;
                MarkSeen(twig, cleverId);
                break;
            case "an incomplete record":
                clever.Skipped[RosterEntityType.Person].Add(cleverId);
                break;
        }

        var plan = await PlanAsync(clever, twig, district.Id);

        var count = plan.Counts[RosterEntityType.Person];
        Assert.Equal((created, updated, reactivated, deactivated), (count.Created, count.Updated, count.Reactivated, count.Deactivated));
        Assert.Equal(studentsAfter, plan.CleverStudentsAfter);
        Assert.Equal(deactivated, plan.DeactivationList.Count(d => d.EntityType == RosterEntityType.Person
            && d.ExternalId == cleverId && d.DisplayName == $"{held!.FirstName} {held.LastName} (student)"));
        Assert.Equal(cleverSays == "an unchanged record" ? 1 : 0, count.Unchanged);
    }

    [Theory]
    [InlineData(3, 3, 0)]
    [InlineData(5_003, 5_000, 3)]
    public async Task Warnings_are_capped_with_one_line_saying_how_many_more_there_were(int warnings, int kept, int more)
    {
        var clever = new CleverChanges();
        for (var i = 0; i < warnings; i++) clever.Warn(RosterEntityType.Person, $"p{i}", "email", "Looks odd.");

        var plan = await PlanAsync(clever, new RosterIndex(), districtId: 1);

        Assert.Equal(kept + (more > 0 ? 1 : 0), plan.Warnings.Count);
        if (more > 0) Assert.Equal($"{more:N0} more warnings were not recorded.", plan.Warnings[^1].Message);
    }

    [Fact]
    public async Task A_primary_teacher_sent_incompletely_keeps_their_enrollment_and_gets_the_mark()
    {
        var district = await Fixture.InsertDistrictAsync();
        var shared = People.New(district.Id, PersonRoles.Teacher);
        var incomplete = People.New(district.Id, PersonRoles.Teacher);
        var now = DateTime.UtcNow;
        var section = new Section
        {
            DistrictId = district.Id, Source = RosterSource.Clever, ExternalId = "sec-1", Name = "Math", CreatedAt = now, UpdatedAt = now,
        };
        await Fixture.InsertAsync(shared, incomplete, section);
        Enrollment Teaching(Person teacher, bool primary) => new()
        {
            DistrictId = district.Id, Source = RosterSource.Clever, SectionId = section.Id, PersonId = teacher.Id,
            Role = EnrollmentRole.Teacher, IsPrimary = primary, CreatedAt = now, UpdatedAt = now,
        };
        Enrollment sharedTeaching = Teaching(shared, primary: true), keptTeaching = Teaching(incomplete, primary: false);
        await Fixture.InsertAsync(sharedTeaching, keptTeaching);
        var twig = await Fixture.ExecuteDbContextAsync(db => RosterIndex.LoadAsync(db, district.Id, CancellationToken.None));
        MarkSeen(twig, shared.ExternalId);
        RosterIndex.Find(twig.Sections, section.ExternalId).Seen = true;
        var clever = new CleverChanges { UnchangedPeople = 1 };
        clever.Skipped[RosterEntityType.Person].Add(incomplete.ExternalId);
        // Clever now names the teacher it sent incompletely as the section's primary teacher.
        clever.Sections.Add(new SectionRecord
        {
            Id = section.ExternalId, Name = section.Name, TeacherIds = [shared.ExternalId], StudentIds = [],
            Kept = [(incomplete.ExternalId, EnrollmentRole.Teacher)], PrimaryTeacherId = incomplete.ExternalId,
        });

        var plan = await PlanAsync(clever, twig, district.Id);

        Assert.Equal([(sharedTeaching.Id, false), (keptTeaching.Id, true)], plan.EnrollmentPrimaryMarks.Order());
        var count = plan.Counts[RosterEntityType.Enrollment];
        Assert.Equal((0, 2, 0, 0), (count.Created, count.Updated, count.Deactivated, count.Reactivated));
    }

    private Task<SyncPlan> PlanAsync(CleverChanges clever, RosterIndex twig, int districtId) =>
        Fixture.ExecuteDbContextAsync(db => SyncPlanner.PlanAsync(clever, twig, db, districtId, CancellationToken.None));

    private static void MarkSeen(RosterIndex twig, string externalId)
    {
        ref var record = ref RosterIndex.Find(twig.People, externalId);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref record)) record.Seen = true;
    }
}
