using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Twig.Sandbox.Events;

namespace Twig.Sandbox.Tests;

/// <summary>The Events API feed of overnight changes, against Clever's <c>v3.0-events.yml</c>.</summary>
[Collection(SandboxCollection.Name)]
public sealed class EventTests(SandboxServer server)
{
    private readonly SwaggerSchema schema = SwaggerSchema.Events;

    private static List<JsonElement> Events(IEnumerable<JsonElement> pages) =>
        pages.SelectMany(p => p.GetProperty("data").EnumerateArray()).Select(i => i.GetProperty("data")).ToList();

    private async Task<List<JsonElement>> AllEvents(SandboxDistrict district, string query = "/v3.0/events?limit=10000") =>
        Events(await ApiCalls.Walk(server.ApiClient(district.Token), query));

    [Fact]
    public async Task Every_kind_of_overnight_change_is_served_as_events_that_match_the_swagger()
    {
        var district = server.NewDistrict(200);
        district.Changes.AddStudents(5);
        district.Changes.AddTeachers(10);
        district.Changes.UpdateNames("teacher", 20);
        district.Changes.UpdateNames("staff", 100);
        district.Changes.ChangeRoles("teacher", 20);
        district.Changes.MoveStudents(3);
        district.Changes.RemovePercent("student", 5);
        district.Changes.RemoveSchool(district.Roster.Schools().Last().Id);
        district.Changes.RestoreRemoved();

        var pages = await ApiCalls.Walk(server.ApiClient(district.Token), "/v3.0/events?limit=50");
        Assert.True(pages.Count > 1);
        foreach (var page in pages) schema.AssertValid("EventsResponse", page);
        var events = Events(pages);
        Assert.Equal(district.Events.All().Count, events.Count);
        var types = events.Select(e => e.GetProperty("type").GetString()!).ToHashSet();
        Assert.Superset(new HashSet<string> { "users.created", "users.updated", "users.deleted", "sections.updated", "sections.deleted", "sections.created",
            "schools.updated", "schools.deleted", "schools.created" }, types);
        Assert.All(events, e => Assert.Equal(e.GetProperty("type").GetString()!.EndsWith(".updated", StringComparison.Ordinal),
            e.GetProperty("data").TryGetProperty("previous_attributes", out _)));

        var first = events[0].GetProperty("id").GetString()!;
        var single = await ApiCalls.GetOk(server.ApiClient(district.Token), server.Api("/v3.0/events/" + first));
        schema.AssertValid("EventResponse", single, "links");
        Assert.Equal("/v3.0/events/" + first, ApiCalls.Link(single, "self"));
    }

    [Fact]
    public async Task Ids_ascend_and_starting_after_ending_before_and_limit_page_as_clever_does()
    {
        var district = server.NewDistrict(200);
        district.Changes.UpdateNames("student", 5);
        var all = (await AllEvents(district)).Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(10, all.Count);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);

        var client = server.ApiClient(district.Token);
        var firstPage = await ApiCalls.GetOk(client, server.Api("/v3.0/events?limit=3"));
        Assert.Equal(all.Take(3), firstPage.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("data").GetProperty("id").GetString()));
        Assert.Null(ApiCalls.Link(firstPage, "prev"));
        Assert.Equal($"/v3.0/events?limit=3&starting_after={all[2]}", ApiCalls.Link(firstPage, "next"));

        var middle = await ApiCalls.GetOk(client, server.Api($"/v3.0/events?limit=3&starting_after={all[2]}"));
        Assert.Equal(all.Skip(3).Take(3), middle.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("data").GetProperty("id").GetString()));
        Assert.Equal($"/v3.0/events?limit=3&ending_before={all[3]}", ApiCalls.Link(middle, "prev"));

        var back = await ApiCalls.GetOk(client, server.Api($"/v3.0/events?limit=3&ending_before={all[3]}"));
        Assert.Equal(all.Take(3), back.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("data").GetProperty("id").GetString()));

        var last = await ApiCalls.GetOk(client, server.Api($"/v3.0/events?starting_after={all[^1]}"));
        Assert.Empty(last.GetProperty("data").EnumerateArray());
        Assert.Equal($"/v3.0/events?starting_after={all[^1]}", ApiCalls.Link(last, "self"));
        Assert.Null(ApiCalls.Link(last, "next"));

        var noQuery = await ApiCalls.GetOk(client, server.Api("/v3.0/events"));
        Assert.Equal("/v3.0/events?", ApiCalls.Link(noQuery, "self"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await ApiCalls.Get(client, server.Api("/v3.0/events?limit=10001"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ApiCalls.Get(client, server.Api("/v3.0/events?starting_after=nope"))).Status);
    }

    [Fact]
    public async Task Updates_carry_the_whole_new_record_and_the_old_values_of_what_changed()
    {
        var district = server.NewDistrict(200);
        var teacher = district.Roster.AnyTeacherWithSections();
        var sections = district.Roster.SectionsOf(teacher.Id).Select(s => s.Id).ToHashSet();
        district.Changes.RemovePercent("teacher", 100);

        var events = await AllEvents(district);
        var deleted = events.Single(e => e.GetProperty("type").GetString() == "users.deleted" && Object(e).GetProperty("id").GetString() == teacher.Id);
        Assert.Equal(teacher.Name.Last, Object(deleted).GetProperty("name").GetProperty("last").GetString());
        var sectionUpdates = events.Where(e => e.GetProperty("type").GetString() == "sections.updated").ToList();
        Assert.Superset(sections, sectionUpdates.Select(e => Object(e).GetProperty("id").GetString()!).ToHashSet());
        var one = sectionUpdates.First(e => sections.Contains(Object(e).GetProperty("id").GetString()!));
        var previous = one.GetProperty("data").GetProperty("previous_attributes");
        Assert.Contains(teacher.Id, previous.GetProperty("teachers").EnumerateArray().Select(t => t.GetString()));
        Assert.Empty(Object(one).GetProperty("teachers").EnumerateArray());
        Assert.False(previous.TryGetProperty("students", out _));

        var roleDistrict = server.NewDistrict(200);
        Assert.Equal(2, roleDistrict.Changes.ChangeRoles("teacher", 20));
        var roleEvents = await AllEvents(roleDistrict);
        Assert.Equal(2, roleEvents.Count);
        Assert.All(roleEvents, e =>
        {
            Assert.Equal("users.updated", e.GetProperty("type").GetString());
            var roles = e.GetProperty("data").GetProperty("previous_attributes").GetProperty("roles");
            var hadStaff = roles.GetProperty("staff").ValueKind != JsonValueKind.Null;
            Assert.NotEqual(hadStaff, Object(e).GetProperty("roles").TryGetProperty("staff", out _));
        });
    }

    [Fact]
    public async Task Replaying_the_events_on_yesterdays_roster_gives_todays_roster()
    {
        var district = server.NewDistrict(300, schools: 3);
        var roster = district.Roster;
        var state = Snapshot(district);
        district.Changes.AddStudents(4);
        district.Changes.AddTeachers(10);
        district.Changes.UpdateNames("teacher", 30);
        district.Changes.UpdateNames("staff", 50);
        district.Changes.UpdateEmails("student", 5);
        district.Changes.ChangeRoles("teacher", 20);
        district.Changes.MoveStudents(5);
        district.Changes.RemovePercent("section", 5);
        district.Changes.RemovePercent("student", 3);
        district.Changes.RemoveSchool(roster.Schools().Last().Id);
        district.Changes.RestoreRemoved();
        district.Changes.RemovePercent("teacher", 10);

        foreach (var e in await AllEvents(district))
        {
            var type = e.GetProperty("type").GetString()!;
            var record = JsonNode.Parse(Object(e).GetRawText())!.AsObject();
            var key = type[..type.IndexOf('.')] + "/" + record["id"]!.GetValue<string>();
            if (type.EndsWith(".deleted", StringComparison.Ordinal)) Assert.True(state.Remove(key), "deleted " + key + " was not there");
            else state[key] = record;
        }
        var today = Snapshot(district);
        Assert.Equal(today.Keys.Order(StringComparer.Ordinal), state.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, record) in today)
        {
            record.Remove("last_modified");
            state[key].Remove("last_modified");
            Assert.True(JsonNode.DeepEquals(record, state[key]), $"{key} differs after replay:\n{record}\n{state[key]}");
        }
    }

    [Fact]
    public async Task Not_enabled_answers_404_and_a_gap_drops_an_event_but_not_its_change()
    {
        var district = server.NewDistrict(200);
        var client = server.ApiClient(district.Token);
        district.Faults.DisableEvents();
        var (status, body, _) = await ApiCalls.Get(client, server.Api("/v3.0/events"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        schema.AssertValid("NotFound", body);
        district.Faults.Clear();

        district.Faults.DropEvents(1);
        Assert.Equal(3, district.Changes.UpdateNames("student", 1.5));
        var events = await AllEvents(district);
        Assert.Equal(2, events.Count);
        Assert.Equal(1, district.Events.Dropped);
        Assert.Equal(3, district.Roster.Users("student").Count(u => u.LastModified.StartsWith(server.Time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Events_older_than_thirty_days_are_gone_and_their_ids_are_no_longer_known()
    {
        var own = new SandboxServer();
        await own.InitializeAsync();
        try
        {
            var district = own.NewDistrict(200);
            district.Changes.UpdateNames("student", 1);
            var client = own.ApiClient(district.Token);
            var old = Events(await ApiCalls.Walk(client, "/v3.0/events")).Select(e => e.GetProperty("id").GetString()!).ToList();
            Assert.Equal(2, old.Count);

            own.Time.Advance(DistrictEvents.Window + TimeSpan.FromHours(1));
            district.Changes.UpdateNames("student", 1);
            var fresh = Events(await ApiCalls.Walk(client, "/v3.0/events")).Select(e => e.GetProperty("id").GetString()!).ToList();
            Assert.Equal(2, fresh.Count);
            Assert.DoesNotContain(old[0], fresh);
            Assert.All(fresh, id => Assert.True(string.CompareOrdinal(id, old[^1]) > 0));
            Assert.Equal(HttpStatusCode.NotFound, (await ApiCalls.Get(client, own.Api("/v3.0/events/" + old[^1]))).Status);
            Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(client, own.Api("/v3.0/events/" + fresh[0]))).Status);
            // The list pages on from an expired id like from any cursor: what the caller missed is its to notice.
            var after = Events(await ApiCalls.Walk(client, "/v3.0/events?starting_after=" + old[0])).Select(e => e.GetProperty("id").GetString()!).ToList();
            Assert.Equal(fresh, after);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task Record_type_filters_by_collection_and_repeats()
    {
        var district = server.NewDistrict(200);
        district.Changes.RemovePercent("student", 2);
        var onlyUsers = await AllEvents(district, "/v3.0/events?record_type=users");
        Assert.NotEmpty(onlyUsers);
        Assert.All(onlyUsers, e => Assert.StartsWith("users.", e.GetProperty("type").GetString()));
        var both = await AllEvents(district, "/v3.0/events?record_type=users&record_type=sections");
        Assert.Equal(district.Events.All().Count, both.Count);
    }

    private static JsonElement Object(JsonElement e) => e.GetProperty("data").GetProperty("object");

    private static Dictionary<string, JsonObject> Snapshot(SandboxDistrict district)
    {
        var roster = district.Roster;
        var state = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var u in roster.Users()) state["users/" + u.Id] = JsonSerializer.SerializeToNode(u, Options)!.AsObject();
        foreach (var s in roster.Sections()) state["sections/" + s.Id] = JsonSerializer.SerializeToNode(s, Options)!.AsObject();
        foreach (var s in roster.Schools()) state["schools/" + s.Id] = JsonSerializer.SerializeToNode(s, Options)!.AsObject();
        return state;
    }

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}
