using System.Text.Json;
using Twig.Sandbox;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Events;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync.Events;

/// <summary>
/// Folding a night of the sandbox's events onto yesterday's roster gives today's roster, for each overnight change the
/// sandbox can make; and the fold's own rules (last state wins, deletes keep their snapshot, unknown types counted).
/// </summary>
public sealed class EventFoldTests(SliceFixture fixture) : SliceTest(fixture)
{
    private async Task<CleverChangeSet> FoldNightAsync(SandboxDistrict clever, string? afterId) =>
        await Fixture.ExecuteScopeAsync(sp => EventFold.FoldAsync(
            sp.GetRequiredService<CleverEventsClient>().EventsAfterAsync(clever.Token, afterId, null, CancellationToken.None), CancellationToken.None));

    public static TheoryData<string> Changes() => ["add-students", "add-teachers", "rename-teachers", "emails", "roles", "move", "remove-students",
        "remove-teachers", "remove-sections", "remove-school", "restore"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Folding_the_nights_events_onto_yesterday_gives_today(string change)
    {
        var clever = Fixture.NewSandboxDistrict(students: 240, schools: 3);
        if (change == "restore") clever.Changes.RemovePercent("student", 5);
        var bookmark = clever.Events.All().LastOrDefault()?.Id;
        var people = People(clever);
        var enrollments = Enrollments(clever);
        var sections = clever.Roster.Sections().ToDictionary(s => s.Id, s => s.Name);
        switch (change)
        {
            case "add-students": clever.Changes.AddStudents(5); break;
            case "add-teachers": clever.Changes.AddTeachers(20); break;
            case "rename-teachers": clever.Changes.UpdateNames("teacher", 30); break;
            case "emails": clever.Changes.UpdateEmails("student", 10); break;
            case "roles": clever.Changes.ChangeRoles("teacher", 30); break;
            case "move": clever.Changes.MoveStudents(6); break;
            case "remove-students": clever.Changes.RemovePercent("student", 5); break;
            case "remove-teachers": clever.Changes.RemovePercent("teacher", 20); break;
            case "remove-sections": clever.Changes.RemovePercent("section", 10); break;
            case "remove-school": clever.Changes.RemoveSchool(clever.Roster.Schools().Last().Id); break;
            case "restore": clever.Changes.RestoreRemoved(); break;
        }

        var night = await FoldNightAsync(clever, bookmark);

        Assert.Equal(clever.Events.All()[^1].Id, night.LastEventId);
        Assert.Empty(night.UnknownTypes);
        foreach (var (id, user) in night.Users)
        {
            if (user.Deleted) people.Remove(id);
            else people[id] = Person(user.Last);
        }
        Assert.Equal(People(clever).OrderBy(p => p.Key, StringComparer.Ordinal), people.OrderBy(p => p.Key, StringComparer.Ordinal));
        foreach (var change1 in NetMembership.Of(night))
        {
            var key = (change1.SectionId, change1.PersonId, change1.AsTeacher);
            if (change1.Joined) Assert.True(enrollments.Add(key), $"{key} joined twice");
            else Assert.True(enrollments.Remove(key), $"{key} left without being there");
        }
        Assert.Equal(Enrollments(clever).Order(), enrollments.Order());
        foreach (var (id, section) in night.Sections)
        {
            if (section.Deleted) sections.Remove(id);
            else sections[id] = section.Last.Name!;
        }
        Assert.Equal(clever.Roster.Sections().ToDictionary(s => s.Id, s => s.Name).OrderBy(p => p.Key, StringComparer.Ordinal), sections.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private static CleverEventPayload Event(string id, string type, string json, string? previous = null) =>
        new(id, type, "2026-12-01T00:00:00.000Z", new CleverEventData(JsonDocument.Parse(json).RootElement, previous is null ? null : JsonDocument.Parse(previous).RootElement));

    [Fact]
    public void The_last_state_wins_deletes_keep_their_snapshot_and_unknown_types_are_counted()
    {
        var user = """{"id":"u1","name":{"first":"Ada","last":"One"},"roles":{"student":{"school":"s1"}}}""";
        var renamed = """{"id":"u1","name":{"first":"Ada","last":"Two"},"roles":{"student":{"school":"s1"}}}""";
        var moved = """{"id":"c1","name":"Math","students":["u2","u3"],"teachers":["t1"],"teacher":"t1"}""";
        var back = """{"id":"c1","name":"Math","students":["u1","u2"],"teachers":["t1"],"teacher":"t1"}""";

        var night = EventFold.Fold(
        [
            Event("e1", "users.created", user),
            Event("e2", "users.updated", renamed, """{"name":{"last":"One"}}"""),
            Event("e3", "districts.updated", """{"id":"d1"}"""),
            Event("e4", "users.merged", user),
            Event("e5", "sections.updated", moved, """{"students":["u1","u2"]}"""),
            Event("e6", "sections.updated", back, """{"students":["u2","u3"]}"""),
            Event("e7", "users.deleted", renamed),
            Event("e8", "students.created", user),
            Event("e9", "sections.created", """{"id":"c2","name":"Art","students":["u2"],"teachers":[],"teacher":null}"""),
        ]);

        Assert.Equal(9, night.EventsRead);
        Assert.Equal("e9", night.LastEventId);
        var folded = night.Users["u1"];
        Assert.True(folded.Deleted);
        Assert.Equal("Two", folded.Last.Name!.Last);
        Assert.Equal(1, night.Ignored);
        Assert.Equal(new Dictionary<string, int> { ["users.merged"] = 1, ["students.created"] = 1 }, night.UnknownTypes);
        // c1 went u1,u2 → u2,u3 → u1,u2: no net change. c2 is new with u2.
        Assert.Equal([new EnrollmentChange("c2", "u2", AsTeacher: false, Joined: true)], NetMembership.Of(night));
        Assert.True(EventFold.Fold([]).IsEmpty);
    }

    [Fact]
    public void A_sections_primary_teacher_before_the_night_is_the_one_its_first_event_names()
    {
        var night = EventFold.Fold(
        [
            Event("e1", "sections.updated", """{"id":"c1","name":"Math","students":[],"teachers":["t1","t2"],"teacher":"t2"}""", """{"teacher":"t1"}"""),
            Event("e2", "sections.updated", """{"id":"c1","name":"Math","students":[],"teachers":["t2"],"teacher":"t2"}""", """{"teachers":["t1","t2"]}"""),
            Event("e3", "sections.updated", """{"id":"c2","name":"Art","students":[],"teachers":["t3"],"teacher":" t3 "}""", """{"name":"Drawing"}"""),
            Event("e4", "sections.updated", """{"id":"c3","name":"PE","students":[],"teachers":["t5"],"teacher":"t5"}""", """{"teacher":null}"""),
            Event("e5", "sections.created", """{"id":"c4","name":"Band","students":[],"teachers":["t4"],"teacher":"t4"}"""),
        ]);

        // The first event's previous primary; the object's own (trimmed) when the update did not change it; none before a
        // section existed or when it had none.
        Assert.Equal("t1", night.MembersBefore("c1")!.PrimaryTeacher);
        Assert.Equal("t3", night.MembersBefore("c2")!.PrimaryTeacher);
        Assert.Null(night.MembersBefore("c3")!.PrimaryTeacher);
        Assert.Null(night.MembersBefore("c4")!.PrimaryTeacher);
    }

    [Fact]
    public void A_sections_old_members_are_the_ids_twig_already_holds_and_a_blank_id_names_nobody()
    {
        var night = EventFold.Fold(
        [
            Event("e1", "sections.updated", """{"id":"c1","name":"Math","students":["s2","s3"],"teachers":["t1"],"teacher":"t1"}""",
                """{"students":["s1","","s\u0032","new"]}"""),
        ]);
        var s1 = new string("s1".AsSpan());
        var held = new Dictionary<string, IndexedRecord>(StringComparer.Ordinal) { [s1] = default, ["t1"] = default };

        var before = night.MembersBefore("c1", held.GetAlternateLookup<ReadOnlySpan<char>>())!;

        Assert.Equal(["new", "s1", "s2"], before.Students.Order(StringComparer.Ordinal));
        // The index's own string, not a copy: a night names hundreds of thousands of old members.
        Assert.Same(s1, before.Students.Single(s => s == "s1"));
        Assert.Equal(["new", "s1", "s2"], night.MembersBefore("c1")!.Students.Order(StringComparer.Ordinal));
        Assert.Equal(["t1"], before.Teachers);
    }

    [Fact]
    public void An_event_id_longer_than_the_bookmark_keeps_stops_the_night_so_a_full_sync_runs()
    {
        var longId = new string('e', 65);
        var user = JsonDocument.Parse("""{"id":"u1","name":{"first":"Ada","last":"One"},"roles":{"student":{"school":"s1"}}}""").RootElement;

        // A CleverFetchException is what RunSources turns into a full sync with the reason on the run, storing no bookmark.
        var refused = Assert.Throws<CleverFetchException>(() => EventFold.Fold(
            [new CleverEventPayload(longId, "users.created", "2026-12-01T00:00:00.000Z", new CleverEventData(user, null))]));
        Assert.Contains("event id of 65 characters; Twig keeps event ids of up to 64", refused.Message);
        Assert.Equal(new string('e', 64), CleverEventsClient.Bookmarkable(new string('e', 64)));
    }

    private static Dictionary<string, string> People(SandboxDistrict clever) =>
        clever.Roster.Users().Where(u => u.Roles.Contact is null).ToDictionary(u => u.Id, u => Describe(u.Name.First, u.Name.Last, u.Email,
            u.Roles.Student is not null, u.Roles.Teacher is not null, u.Roles.Staff is not null, u.Roles.DistrictAdmin is not null));

    private static string Person(CleverUserPayload u) =>
        Describe(u.Name?.First, u.Name?.Last, u.Email, u.Roles?.Student is not null, u.Roles?.Teacher is not null, u.Roles?.Staff is not null, u.Roles?.DistrictAdmin is not null);

    private static string Describe(string? first, string? last, string? email, bool student, bool teacher, bool staff, bool admin) =>
        $"{first}|{last}|{email}|{student}{teacher}{staff}{admin}";

    private static HashSet<(string, string, bool)> Enrollments(SandboxDistrict clever) =>
        clever.Roster.Sections().SelectMany(s => s.Students.Select(p => (s.Id, p, false))
            .Concat(s.Teachers.Append(s.Teacher).OfType<string>().Distinct().Select(t => (s.Id, t, true)))).ToHashSet();
}
