using System.Text;
using System.Text.Json;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// A page is indexed while it arrives, a record at a time: however its bytes are split on the wire, the records, their
/// notes and the next link must be exactly those of the whole body, and a body that breaks off or runs on must still be
/// refused whole.
/// </summary>
public sealed class PageBufferTests
{
    private const string Student = """
        {"id":"p1","extra":[1,{"a":"b"}],"name":{"first":"  Zo\u00e9 ","middle":null,"last":"O\"Neil"},"email":"z@example.test",
         "roles":{"student":{"sis_id":"9","grade":"5","school":"s1","schools":["s1"]}}}
        """;

    private static readonly string Body = $$$"""
        {"skipped":{"deep":[1,2,{"x":"}]"}]},
         "data":[{"data":{{{Student}}},"uri":"/x"},{"data":null},null,{"uri":"/y"},{"data":{"id":"p2","name":null}},
                 {"uri":"/z","data":{"id":"p3","name":{"first":"A","last":"B"},"note":"a \"quoted\" }, {brace"}},{"data":{{{Student}}}}],
         "links":[{"rel":"self","uri":"/s"},{"rel":"next","uri":"/n1"},{"rel":"next","uri":"/n2"}]}
        """;

    [Fact]
    public async Task A_page_read_a_few_bytes_at_a_time_is_indexed_exactly_as_the_whole_body()
    {
        var whole = await IndexAsync(new CleverPageBuffer(), new MemoryStream(Encoding.UTF8.GetBytes(Body)), Notes());
        Assert.Equal(4, whole.Records.Count);
        Assert.Equal(["p1", null, null, "p1"], whole.Notes);
        Assert.Equal("/n1", whole.Next);

        foreach (var (margin, chunk) in new[] { 1, 7, 40, 1_000_000 }.SelectMany(m => new[] { 1, 3, 64, 4096 }.Select(c => (m, c))))
        {
            var trickled = await IndexAsync(new CleverPageBuffer(margin), new Trickle(Encoding.UTF8.GetBytes(Body), chunk), Notes());
            Assert.Equal(whole.Records, trickled.Records);
            Assert.Equal(whole.Notes, trickled.Notes);
            Assert.Equal(whole.Next, trickled.Next);
        }
    }

    [Fact]
    public async Task A_page_that_breaks_off_or_runs_on_is_refused_however_it_arrives()
    {
        var broken = new[] { Body[..(Body.Length - 20)], Body[..(Body.Length / 2)], Body + " {}", Body.Replace("/n1\"}", "/n1\"") };
        foreach (var (body, chunk) in broken.SelectMany(b => new[] { 1, 5, 4096 }.Select(c => (b, c))))
            await Assert.ThrowsAnyAsync<JsonException>(() =>
                new CleverPageBuffer(3).FillAsync(new Trickle(Encoding.UTF8.GetBytes(body), chunk), null, CancellationToken.None, Notes()));

        // The same buffer reads a good page after a refused one, as the retry of a broken-off page does.
        var page = new CleverPageBuffer(3);
        await Assert.ThrowsAnyAsync<JsonException>(() =>
            page.FillAsync(new Trickle(Encoding.UTF8.GetBytes(Body[..^9]), 2), null, CancellationToken.None, Notes()));
        var again = await IndexAsync(page, new Trickle(Encoding.UTF8.GetBytes(Body), 2), Notes());
        Assert.Equal(4, again.Records.Count);
        Assert.Equal("/n1", again.Next);
    }

    [Fact]
    public async Task A_page_that_arrives_before_its_notes_can_be_taken_is_indexed_once_they_can()
    {
        var whole = await IndexAsync(new CleverPageBuffer(), new MemoryStream(Encoding.UTF8.GetBytes(Body)), Notes());
        foreach (var chunk in new[] { 1, 64, 4096 })
        {
            var loading = new TaskCompletionSource<StreamedRecords>(TaskCreationOptions.RunContinuationsAsynchronously);
            var page = new CleverPageBuffer(3);
            var fill = page.FillAsync(new Trickle(Encoding.UTF8.GetBytes(Body), chunk), null, CancellationToken.None,
                new UnchangedNotes(loading.Task, sections: false));
            // The whole body is in (the stream answers at once), nothing is indexed yet: the fill waits for the notes' reader.
            Assert.False(fill.IsCompleted);
            Assert.Equal(0, page.Count);

            loading.SetResult(NotesReader());
            await fill;
            var records = Enumerable.Range(0, page.Count).Select(i => Encoding.UTF8.GetString(page.Record(i))).ToList();
            Assert.Equal(whole.Records, records);
            Assert.Equal(whole.Notes, Enumerable.Range(0, page.Count).Select(i => page.Note(i).Key).ToList());
            Assert.Equal(whole.Next, page.Next);
        }

        // What the notes wait for failed (Twig's index could not be loaded): the page fails with that failure.
        var failed = new TaskCompletionSource<StreamedRecords>();
        failed.SetException(new InvalidOperationException("index not loaded"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new CleverPageBuffer(3).FillAsync(
            new Trickle(Encoding.UTF8.GetBytes(Body), 5), null, CancellationToken.None, new UnchangedNotes(failed.Task, sections: false)));
        Assert.Equal("index not loaded", error.Message);
    }

    private static async Task<(List<string> Records, List<string?> Notes, string? Next)> IndexAsync(CleverPageBuffer page, Stream body,
        IRecordNotes notes)
    {
        await page.FillAsync(body, null, CancellationToken.None, notes);
        var records = Enumerable.Range(0, page.Count).Select(i => Encoding.UTF8.GetString(page.Record(i))).ToList();
        return (records, Enumerable.Range(0, page.Count).Select(i => page.Note(i).Key).ToList(), page.Next);
    }

    /// <summary>The fetcher's own notes for student listings, over an index that holds p1 unchanged.</summary>
    private static UnchangedNotes Notes() => new(NotesReader(), sections: false);

    private static StreamedRecords NotesReader()
    {
        var index = new RosterIndex();
        var staff = new Dictionary<string, PersonRecord>(StringComparer.Ordinal);
        var built = WithSchool();
        Assert.True(new StreamedRecords(new RosterComparer(index, built), staff).Student(Encoding.UTF8.GetBytes(Student)));
        index.People["p1"] = new IndexedRecord { Id = 7, Hash = RecordHashes.Of(Assert.Single(built.People.Values)), IsActive = true };
        return new StreamedRecords(new RosterComparer(index, WithSchool()), staff);

        static CleverChanges WithSchool()
        {
            var changes = new CleverChanges();
            changes.Schools["s1"] = new SchoolRecord("s1", "School 1", null, null, null, null);
            return changes;
        }
    }

    /// <summary>A body that arrives at most <paramref name="chunk"/> bytes per read, as a network stream may hand it over.</summary>
    private sealed class Trickle(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
