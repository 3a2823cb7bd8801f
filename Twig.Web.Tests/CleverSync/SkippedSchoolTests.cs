using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// A school Clever sends without a name is skipped and Twig's copy left as it is: its people and sections keep their link
/// to it. A school Twig never held has no copy to keep, so links to it are skipped with a warning.
/// </summary>
public sealed class SkippedSchoolTests
{
    private static (CleverChanges Changes, RosterComparer Compare) World()
    {
        var changes = new CleverChanges();
        CleverRecords.School(changes, new CleverSchoolPayload("s1", "School 1", null, null, null, null));
        CleverRecords.School(changes, new CleverSchoolPayload("s2", "  ", null, null, null, null));
        CleverRecords.School(changes, new CleverSchoolPayload("s3", "", null, null, null, null));
        var twig = new RosterIndex();
        twig.Schools["s1"] = new IndexedSchool(41, "School 1", IsActive: true);
        twig.Schools["s2"] = new IndexedSchool(42, "School 2", IsActive: true);
        twig.ResetSeen();
        return (changes, new RosterComparer(twig, changes));
    }

    [Fact]
    public void A_person_keeps_the_link_to_a_held_school_skipped_for_its_blank_name()
    {
        var (changes, compare) = World();
        var person = new PersonRecord("p1") { FirstName = "Ada", LastName = "Lovelace", Roles = PersonRoles.Student };
        foreach (var school in new[] { "s1", "s2", "s3" }) person.SchoolIds.Add(school);

        compare.Person(person);

        Assert.Equal(["s1", "s2"], person.SchoolIds);
        var warning = Assert.Single(changes.Warnings, w => w.Field == "schools");
        Assert.Contains("school s3, which Clever did not share", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_keeps_a_held_school_skipped_for_its_blank_name()
    {
        var (changes, compare) = World();

        compare.Section(new SectionRecord { Id = "c1", SchoolId = "s2", Name = "Science", TeacherIds = [], StudentIds = [] }, [], []);
        compare.Section(new SectionRecord { Id = "c2", SchoolId = "s3", Name = "Art", TeacherIds = [], StudentIds = [] }, [], []);

        Assert.Equal("s2", changes.Sections.Single(s => s.Id == "c1").SchoolId);
        Assert.Null(changes.Sections.Single(s => s.Id == "c2").SchoolId);
    }
}
