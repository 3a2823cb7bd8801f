using Twig.Sandbox;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Events;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync.Events;

/// <summary>The events client against the sandbox's Events API, over real HTTP with the real retry and rate-limit handlers.</summary>
public sealed class EventsClientTests(SliceFixture fixture) : SliceTest(fixture)
{
    private Task<T> WithClient<T>(Func<CleverEventsClient, Task<T>> use) =>
        Fixture.ExecuteScopeAsync(sp => use(sp.GetRequiredService<CleverEventsClient>()));

    private async Task<List<CleverEventPayload>> EventsAfterAsync(SandboxDistrict clever, string? afterId)
    {
        var pages = new List<int>();
        var events = await WithClient(async client =>
        {
            var list = new List<CleverEventPayload>();
            await foreach (var e in client.EventsAfterAsync(clever.Token, afterId, pages.Add, CancellationToken.None)) list.Add(e);
            return list;
        });
        return events;
    }

    [Fact]
    public async Task Every_page_since_a_stored_id_is_read_in_order()
    {
        var clever = Fixture.NewSandboxDistrict(students: 200);
        Assert.Null(await WithClient(c => c.NewestEventIdAsync(clever.Token, CancellationToken.None)));
        clever.Changes.UpdateNames("student", 5);
        var bookmark = await WithClient(c => c.NewestEventIdAsync(clever.Token, CancellationToken.None));
        Assert.Equal(clever.Events.All()[^1].Id, bookmark);

        clever.Changes.AddStudents(20);
        clever.Changes.RemovePercent("teacher", 10);
        var expected = clever.Events.All().SkipWhile(e => e.Id != bookmark).Skip(1).Select(e => e.Id).ToList();
        Assert.True(expected.Count > 25, "the night spans several pages of 25");

        var read = await EventsAfterAsync(clever, bookmark);

        Assert.Equal(expected, read.Select(e => e.Id));
        Assert.All(read, e => Assert.NotNull(e.Data?.Object));
        Assert.Equal(clever.Events.All().Count, (await EventsAfterAsync(clever, null)).Count);
    }

    [Fact]
    public async Task Not_enabled_is_told_apart_from_a_failure()
    {
        var clever = Fixture.NewSandboxDistrict(students: 60);
        clever.Changes.UpdateNames("student", 10);
        var known = clever.Events.All()[0].Id;
        clever.Faults.DisableEvents();

        var listing = await Assert.ThrowsAsync<CleverEventsUnavailableException>(() => EventsAfterAsync(clever, null));
        Assert.Equal(EventsUnavailable.NotEnabled, listing.Reason);
        Assert.Contains("not enabled", listing.Message);
        var bookmark = await Assert.ThrowsAsync<CleverEventsUnavailableException>(() => WithClient(c => c.NewestEventIdAsync(clever.Token, CancellationToken.None)));
        Assert.Equal(EventsUnavailable.NotEnabled, bookmark.Reason);
        var check = await Assert.ThrowsAsync<CleverEventsUnavailableException>(() => WithClient(async c => { await c.EnsureUsableAsync(clever.Token, known, CancellationToken.None); return 0; }));
        Assert.Equal(EventsUnavailable.NotEnabled, check.Reason);

        clever.Faults.Clear();
        clever.Faults.Fail(503, onPage: 1, collection: "events", times: 20);
        var failed = await Assert.ThrowsAsync<CleverFetchException>(() => EventsAfterAsync(clever, null));
        Assert.IsNotType<CleverEventsUnavailableException>(failed);
        Assert.Contains("503", failed.Message);
    }

    [Fact]
    public async Task An_expired_or_unknown_id_cannot_be_continued_from()
    {
        var clever = Fixture.NewSandboxDistrict(students: 60);
        clever.Changes.UpdateNames("student", 10);
        var known = clever.Events.All()[^1].Id;
        await WithClient(async c => { await c.EnsureUsableAsync(clever.Token, known, CancellationToken.None); return 0; });

        // Same shape, but created 40 days ago: past the window whatever Clever would say.
        var seconds = (uint)DateTimeOffset.UtcNow.AddDays(-40).ToUnixTimeSeconds();
        var old = seconds.ToString("x8") + known[8..];
        var expired = await Assert.ThrowsAsync<CleverEventsUnavailableException>(() => WithClient(async c => { await c.EnsureUsableAsync(clever.Token, old, CancellationToken.None); return 0; }));
        Assert.Equal(EventsUnavailable.Expired, expired.Reason);

        // Recent, but not an event Clever has.
        var unknown = known[..12] + "ffffffffffff";
        var gone = await Assert.ThrowsAsync<CleverEventsUnavailableException>(() => WithClient(async c => { await c.EnsureUsableAsync(clever.Token, unknown, CancellationToken.None); return 0; }));
        Assert.Equal(EventsUnavailable.UnknownId, gone.Reason);
    }

    [Fact]
    public void An_event_id_tells_when_it_was_created()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        Assert.Equal(at, CleverEventsClient.CreatedAt("6553f100" + "0000" + "000000000001"));
        Assert.Null(CleverEventsClient.CreatedAt("not-an-object-id"));
    }
}
