using System.Net;

namespace Twig.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class OvernightChangeTests(SandboxServer server)
{
    private async Task<List<string>> ApiIds(SandboxDistrict district, string query) =>
        (await ApiCalls.Walk(server.ApiClient(district.Token), query)).SelectMany(ApiCalls.Ids).ToList();

    [Fact]
    public async Task Added_students_get_larger_ids_and_seats_in_sections()
    {
        var district = server.NewDistrict(200);
        var before = await ApiIds(district, "/v3.0/users?role=student&limit=1000");
        var added = district.Changes.AddStudents(10);
        Assert.Equal(20, added);
        var after = await ApiIds(district, "/v3.0/users?role=student&limit=1000");
        Assert.Equal(before.Count + added, after.Count);
        var fresh = after.Except(before).ToList();
        Assert.Equal(added, fresh.Count);
        Assert.All(fresh, id => Assert.True(string.CompareOrdinal(id, before.Max(StringComparer.Ordinal)) > 0));
        var everyId = await ApiIds(district, "/v3.0/users?limit=1000");
        Assert.Equal(everyId.Order(StringComparer.Ordinal), everyId);
        var seated = district.Roster.Sections().SelectMany(s => s.Students).ToHashSet();
        Assert.All(fresh, id => Assert.Contains(id, seated));
        Assert.Equal(4, district.Roster.SectionsOf(fresh[0]).Count());
    }

    [Fact]
    public async Task Name_and_email_changes_touch_exactly_the_stated_number_of_people()
    {
        var district = server.NewDistrict(200);
        var before = district.Roster.Users("student").ToDictionary(u => u.Id);
        var renamed = district.Changes.UpdateNames("student", 5);
        Assert.Equal(10, renamed);
        var after = district.Roster.Users("student").ToList();
        Assert.Equal(renamed, after.Count(u => u.Name != before[u.Id].Name));
        Assert.Equal(renamed, after.Count(u => u.LastModified != before[u.Id].LastModified));

        var teachersBefore = district.Roster.Users("teacher").ToDictionary(u => u.Id, u => u.Email);
        var changed = district.Changes.UpdateEmails("teacher", 50);
        Assert.Equal(5, changed);
        Assert.Equal(changed, district.Roster.Users("teacher").Count(u => u.Email != teachersBefore[u.Id]));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Removed_people_vanish_from_lists_answer_404_and_come_back_when_restored()
    {
        var district = server.NewDistrict(200);
        var teachers = district.Roster.Users("teacher").Select(u => u.Id).ToList();
        var removed = district.Changes.RemovePercent("teacher", 20);
        Assert.Equal(2, removed);
        var remaining = await ApiIds(district, "/v3.0/users?role=teacher");
        Assert.Equal(teachers.Count - removed, remaining.Count);
        var gone = teachers.Except(remaining).ToList();
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCalls.Get(server.ApiClient(district.Token), server.Api("/v3.0/users/" + gone[0]))).Status);
        Assert.DoesNotContain(district.Roster.Sections().SelectMany(s => s.Teachers), gone.Contains);

        Assert.Equal(removed, district.Changes.RestoreRemoved());
        Assert.Equal(teachers, await ApiIds(district, "/v3.0/users?role=teacher"));
    }

    [Fact]
    public async Task Removing_a_school_takes_its_sections_and_people_with_it()
    {
        var district = server.NewDistrict(600, schools: 3, teachers: 30);
        var school = district.Roster.Schools().Last();
        var students = district.Roster.CountUsers("student");
        var teachers = district.Roster.CountUsers("teacher");
        var sections = district.Roster.CountSections();
        var expectedSections = district.Roster.Sections().Count(s => s.School == school.Id);
        var expectedStudents = district.Roster.Users("student").Count(u => u.Roles.Student!.School == school.Id);

        var removal = district.Changes.RemoveSchool(school.Id);
        Assert.Equal(1, removal.Schools);
        Assert.Equal(expectedSections, removal.Sections);
        Assert.Equal(expectedStudents, removal.Students);
        Assert.Equal(10, removal.Teachers);
        Assert.Equal(2, removal.Staff);

        Assert.Equal(2, (await ApiIds(district, "/v3.0/schools")).Count);
        Assert.Equal(sections - removal.Sections, (await ApiIds(district, "/v3.0/sections?limit=10000")).Count);
        Assert.Equal(students - removal.Students, (await ApiIds(district, "/v3.0/users?role=student&limit=10000")).Count);
        Assert.Equal(teachers - removal.Teachers, (await ApiIds(district, "/v3.0/users?role=teacher&limit=10000")).Count);
        Assert.DoesNotContain(school.Id, district.Roster.Users("student").SelectMany(u => u.Roles.Student!.Schools));
    }

    [Fact]
    public void Moved_students_change_section_and_both_sides_of_membership_agree()
    {
        var district = server.NewDistrict(300);
        var before = district.Roster.Users("student").ToDictionary(u => u.Id, u => district.Roster.SectionsOf(u.Id).Select(s => s.Id).ToList());
        Assert.Equal(7, district.Changes.MoveStudents(7));
        var moved = before.Keys.Where(id => !district.Roster.SectionsOf(id).Select(s => s.Id).SequenceEqual(before[id])).ToList();
        Assert.Equal(7, moved.Count);
        AssertMembershipAgrees(district);
    }

    [Fact]
    public void A_swapped_primary_teacher_is_another_of_the_same_teachers_and_swapping_again_gives_the_first_back()
    {
        var district = server.NewDistrict(300, teachers: 30);
        var before = district.Roster.Sections().ToDictionary(s => s.Id, s => (s.Teacher, Teachers: string.Join(",", s.Teachers)));

        var swapped = district.Changes.SwapPrimaryTeachers(3);

        Assert.Equal(3, swapped);
        var changed = district.Roster.Sections().Where(s => s.Teacher != before[s.Id].Teacher).ToList();
        Assert.Equal(3, changed.Count);
        Assert.All(changed, s =>
        {
            Assert.Equal(before[s.Id].Teachers, string.Join(",", s.Teachers));
            Assert.Equal(s.Teachers[1], s.Teacher);
        });
        var events = district.Events.All().Where(e => e.Type == "sections.updated").ToList();
        Assert.Equal(changed.Select(s => s.Id).Order(), events.Select(e => (string)e.Object["id"]!).Order());
        Assert.All(events, e => Assert.True(e.PreviousAttributes!.ContainsKey("teacher")));
    }

    [Fact]
    public void The_same_changes_on_the_same_seed_give_the_same_district()
    {
        SandboxDistrict Build()
        {
            var district = server.NewDistrict(150, seed: 99);
            district.Changes.AddStudents(3);
            district.Changes.UpdateNames("teacher", 25);
            district.Changes.RemovePercent("student", 4);
            district.Changes.MoveStudents(3);
            return district;
        }
        var first = Build();
        var second = Build();
        Assert.Equal(
            first.Roster.Users().Select(u => (u.Id, u.Name.Last, u.Email?.Split('@')[0])),
            second.Roster.Users().Select(u => (u.Id, u.Name.Last, u.Email?.Split('@')[0])));
        Assert.Equal(first.Roster.Sections().Select(s => string.Join(",", s.Students)), second.Roster.Sections().Select(s => string.Join(",", s.Students)));
    }

    [Fact]
    public async Task An_emptied_roster_comes_back_with_restore()
    {
        var district = server.NewDistrict(40);
        district.Changes.EmptyRoster();
        Assert.Empty(await ApiIds(district, "/v3.0/users"));
        district.Changes.RestoreRemoved();
        Assert.NotEmpty(await ApiIds(district, "/v3.0/users"));
    }

    internal static void AssertMembershipAgrees(SandboxDistrict district)
    {
        var fromSections = district.Roster.Sections()
            .SelectMany(s => s.Students.Select(student => (student, section: s.Id)))
            .Order().ToList();
        var fromStudents = district.Roster.Users("student")
            .SelectMany(u => district.Roster.SectionsOf(u.Id).Select(s => (student: u.Id, section: s.Id)))
            .Order().ToList();
        Assert.Equal(fromSections, fromStudents);
    }
}
