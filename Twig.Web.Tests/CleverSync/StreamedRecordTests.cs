using System.Text;
using System.Text.Json;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// The fetcher reads student listings and sections from their UTF-8 bytes and compares them by hash without building
/// them: what it builds and hashes must be exactly what the full path builds and what the writer stores, and anything
/// that needs a warning must be left to the full path untouched.
/// </summary>
public sealed class StreamedRecordTests
{
    private const string Student = """
        {"id":"p1","extra":[1,{"a":"b"}],"name":{"first":"  Zo\u00e9 ","middle":"   ","last":"O\"Neil"},"email":" z@example.test ",
         "roles":{"teacher":null,"student":{"sis_id":" 9 ","state_id":null,"student_number":"42","grade":"5","school":"s2","schools":["s2"," s1 ","s2",null]}}}
        """;

    private static (CleverChanges Changes, RosterIndex Index, StreamedRecords Streamed) World(RosterIndex? index = null)
    {
        var changes = new CleverChanges();
        changes.Schools["s1"] = new SchoolRecord("s1", "School 1", null, null, null, null);
        changes.Schools["s2"] = new SchoolRecord("s2", "School 2", null, null, null, null);
        index ??= new RosterIndex();
        index.ResetSeen();
        return (changes, index, new StreamedRecords(new RosterComparer(index, changes), new Dictionary<string, PersonRecord>(StringComparer.Ordinal)));
    }

    [Fact]
    public void A_student_read_from_its_bytes_is_the_record_the_full_path_builds_and_compares_unchanged_by_its_stored_hash()
    {
        var (changes, index, streamed) = World();

        Assert.True(streamed.Student(Encoding.UTF8.GetBytes(Student)));

        var person = Assert.Single(changes.People.Values);
        Assert.Equal("p1", person.Id);
        Assert.Equal("Zoé", person.FirstName);
        Assert.Null(person.MiddleName);
        Assert.Equal("O\"Neil", person.LastName);
        Assert.Equal("z@example.test", person.Email);
        Assert.Equal("9", person.SisId);
        Assert.Null(person.StateId);
        Assert.Equal("42", person.StudentNumber);
        Assert.Equal("5", person.Grade);
        Assert.Equal(PersonRoles.Student, person.Roles);
        Assert.Equal(["s1", "s2"], person.SchoolIds);
        Assert.Same(changes.Schools["s1"].Id, person.SchoolIds.Min);
        Assert.Equal(1, changes.Students);

        // As the writer stores it: the next night the same bytes compare unchanged, and nothing is built.
        index.People["p1"] = new IndexedRecord { Id = 7, Hash = RecordHashes.Of(person), IsActive = true, IsStudent = true };
        var (again, _, next) = World(index);

        Assert.True(next.Student(Encoding.UTF8.GetBytes(Student)));

        Assert.Empty(again.People);
        Assert.Equal((1, 1), (again.UnchangedPeople, again.Students));
        Assert.True(index.People["p1"].Seen);
    }

    [Fact]
    public void A_changed_student_is_kept_in_full()
    {
        var index = new RosterIndex();
        index.People["p1"] = new IndexedRecord { Id = 7, Hash = 12345, IsActive = true, IsStudent = true };
        var (changes, _, streamed) = World(index);

        Assert.True(streamed.Student(Encoding.UTF8.GetBytes(Student)));

        Assert.Equal("Zoé", changes.People["p1"].FirstName);
        Assert.Equal(0, changes.UnchangedPeople);
    }

    [Theory]
    [InlineData("""{"id":"p1","name":{"first":"A"}}""")]                                                       // no last name: skipped with a warning
    [InlineData("""{"id":"p1","name":{"first":"A","last":"B"},"roles":{"student":{"school":"s9"}}}""")]         // a school Clever did not share
    [InlineData("""{"id":"  ","name":{"first":"A","last":"B"}}""")]                                             // no id
    [InlineData("""{"id":"p1","name":{"first":5,"last":"B"}}""")]                                               // a shape the serializer judges
    public void A_listing_that_needs_a_warning_or_a_judgement_is_left_to_the_full_path(string json)
    {
        var (changes, index, streamed) = World();

        Assert.False(streamed.Student(Encoding.UTF8.GetBytes(json)));

        Assert.Empty(changes.People);
        Assert.Empty(changes.Warnings);
        Assert.Equal(0, changes.Students);
        Assert.Empty(index.People);
    }

    [Fact]
    public void A_name_longer_than_its_column_is_left_to_the_full_path()
    {
        var (changes, _, streamed) = World();
        var json = "{\"id\":\"p1\",\"name\":{\"first\":\"" + new string('a', FetchLimits.FirstName + 1) + "\",\"last\":\"B\"}}";

        Assert.False(streamed.Student(Encoding.UTF8.GetBytes(json)));
        Assert.Empty(changes.People);
    }

    [Fact]
    public void A_section_shares_its_members_id_strings_and_compares_unchanged_by_its_stored_hashes()
    {
        var (changes, index, streamed) = World();
        Assert.True(streamed.Student(Encoding.UTF8.GetBytes(Student)));
        const string json = """{"id":"c1","school":"s1","name":" Maths ","teacher":null,"teachers":[],"students":["p1","p1"," "]}""";

        Assert.True(streamed.Section(Encoding.UTF8.GetBytes(json)));

        var section = Assert.Single(changes.Sections);
        Assert.Equal("c1", section.Id);
        Assert.Equal("s1", section.SchoolId);
        Assert.Equal("Maths", section.Name);
        Assert.Same(changes.People["p1"].Id, Assert.Single(section.StudentIds));

        // Stored as the writer stores them, with p1 now in Twig and seen this night.
        index.People["p1"] = new IndexedRecord { Id = 7, IsActive = true, IsStudent = true, Seen = true };
        index.Sections["c1"] = new IndexedRecord { Id = 3, IsActive = true, Hash = RecordHashes.Of(section), Membership = section.MembershipHash };
        var (again, _, next) = World(index);
        RosterIndex.Find(index.People, "p1").Seen = true;

        Assert.True(next.Section(Encoding.UTF8.GetBytes(json)));

        Assert.Empty(again.Sections);
        Assert.Equal((1, 1), (again.UnchangedSections, again.UnchangedEnrollments));
    }

    [Fact]
    public void A_section_naming_someone_Clever_did_not_share_is_left_to_the_full_path()
    {
        var (changes, _, streamed) = World();

        Assert.False(streamed.Section(Encoding.UTF8.GetBytes("""{"id":"c1","name":"Maths","students":["nobody"]}""")));

        Assert.Empty(changes.Sections);
        Assert.Empty(changes.Warnings);
    }

    [Fact]
    public async Task A_page_is_indexed_only_when_its_whole_body_is_valid_json()
    {
        var page = new CleverPageBuffer();
        const string body = """
            {"data":[{"data":{"id":"a"},"uri":"/x"},{"data":null},null,{"uri":"/y"},{"data":{"id":"b"}}],
             "links":[{"rel":"self","uri":"/s"},{"rel":"next","uri":"/n1"},{"rel":"next","uri":"/n2"}]}
            """;

        await page.FillAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), null, CancellationToken.None);

        Assert.Equal(2, page.Count);
        Assert.Equal("""{"id":"b"}""", Encoding.UTF8.GetString(page.Record(1)));
        Assert.Equal("/n1", page.Next);

        await Assert.ThrowsAnyAsync<JsonException>(() =>
            page.FillAsync(new MemoryStream(Encoding.UTF8.GetBytes(body[..(body.Length / 2)])), null, CancellationToken.None));
    }

    [Fact]
    public async Task Listings_are_noted_as_their_page_is_indexed_and_an_unchanged_one_is_then_only_marked_once()
    {
        var (changes, index, streamed) = World();
        Assert.True(streamed.Student(Encoding.UTF8.GetBytes(Student)));
        index.People["p1"] = new IndexedRecord { Id = 7, Hash = RecordHashes.Of(Assert.Single(changes.People.Values)), IsActive = true };
        var (again, _, next) = World(index);
        var reader = new StreamedRecords(new RosterComparer(index, again), new Dictionary<string, PersonRecord>());
        var notes = new UnchangedNotes(reader, sections: false);
        var page = new CleverPageBuffer();
        var body = $$$"""{"data":[{"data":{{{Student}}}},{"data":{"id":"p2","name":null}},{"data":{{{Student}}}}],"links":[]}""";

        await page.FillAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), null, CancellationToken.None, notes);

        Assert.Equal(["p1", null, "p1"], Enumerable.Range(0, page.Count).Select(i => page.Note(i).Key));
        Assert.Equal((0, 0), (again.UnchangedPeople, again.Students)); // noting changed nothing
        Assert.True(next.UnchangedStudent("p1"));
        Assert.False(next.UnchangedStudent("p1")); // listed twice: left to the full path, which counts it once, as changed
        Assert.Equal((1, 1), (again.UnchangedPeople, again.Students));

        // A page that breaks off is refused whole, its notes with it.
        await Assert.ThrowsAnyAsync<JsonException>(() =>
            page.FillAsync(new MemoryStream(Encoding.UTF8.GetBytes(body[..(body.Length - 20)])), null, CancellationToken.None, notes));
    }
}
