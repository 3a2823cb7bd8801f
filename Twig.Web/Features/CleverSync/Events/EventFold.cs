using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>
/// Folds Clever events, oldest first, into one change per record: created and updated keep the new object, deleted
/// keeps the last snapshot and marks it gone, and a later event replaces an earlier one. Processing is idempotent:
/// folding the same events twice gives the same change set. A section's <c>students</c> and <c>teachers</c> are compared
/// between the first state the night saw and the last, so a student who joined and left again changes nothing.
/// </summary>
public static class EventFold
{
    public static async Task<CleverChangeSet> FoldAsync(IAsyncEnumerable<CleverEventPayload> events, CancellationToken ct)
    {
        var set = new CleverChangeSet();
        await foreach (var e in events.WithCancellation(ct)) Add(set, e);
        return set;
    }

    public static CleverChangeSet Fold(IEnumerable<CleverEventPayload> events)
    {
        var set = new CleverChangeSet();
        foreach (var e in events) Add(set, e);
        return set;
    }

    private static void Add(CleverChangeSet set, CleverEventPayload e)
    {
        set.EventsRead++;
        if (e.Id is { } id) set.LastEventId = CleverEventsClient.Bookmarkable(id);
        // The type is split as spans: no substrings per event.
        var type = e.Type.AsSpan();
        var dot = type.IndexOf('.');
        var action = dot > 0 ? type[(dot + 1)..] : default;
        if (e.Type is null || dot <= 0 || action is not ("created" or "updated" or "deleted"))
        {
            Unknown(set, e.Type ?? "(no type)");
            return;
        }
        var collection = type[..dot];
        if (collection is "districts" or "terms" or "courses" or "resources")
        {
            set.Ignored++;
            return;
        }
        // The page parser has usually read the object as its payload already; otherwise it is read from raw JSON here.
        var record = e.Data?.Record;
        var json = record is null ? e.Data?.Object ?? default : default;
        if (record is null && json.ValueKind != JsonValueKind.Object)
        {
            set.Unreadable++;
            return;
        }
        var deleted = action is "deleted";
        switch (collection)
        {
            case "users" when (record as CleverUserPayload
                ?? Read(json, CleverEventsJson.Default.CleverUserPayload)) is { Id: { } userId } user:
                set.Users[userId] = new FoldedRecord<CleverUserPayload>(user, deleted);
                break;
            case "schools" when (record as CleverSchoolPayload
                ?? Read(json, CleverEventsJson.Default.CleverSchoolPayload)) is { Id: { } schoolId } school:
                set.Schools[schoolId] = new FoldedRecord<CleverSchoolPayload>(school, deleted);
                break;
            case "sections" when (record as CleverSectionPayload
                ?? Read(json, CleverEventsJson.Default.CleverSectionPayload)) is { Id: { } sectionId } section:
                set.Sections[sectionId] = new FoldedRecord<CleverSectionPayload>(section, deleted);
                // Only the first state the night saw is kept; the membership changes are worked out if someone asks for them.
                if (!set.FirstSeen.ContainsKey(sectionId))
                {
                    var first = action is "created" ? "created" : action is "updated" ? "updated" : "deleted";
                    set.FirstSeen[sectionId] = new FirstSection(first, section,
                        e.Data?.Previous ?? PreviousMembership.From(e.Data?.PreviousAttributes));
                }
                break;
            case "users" or "schools" or "sections":
                set.Unreadable++;
                break;
            default:
                Unknown(set, e.Type);
                break;
        }
    }

    /// <summary>The object as the record's payload; null (the event is counted unreadable) when it is not shaped as one.</summary>
    private static T? Read<T>(JsonElement json, JsonTypeInfo<T> typeInfo) where T : class
    {
        if (json.ValueKind != JsonValueKind.Object) return null;
        try
        {
            return json.Deserialize(typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Unknown(CleverChangeSet set, string type) => set.UnknownTypes[type] = set.UnknownTypes.GetValueOrDefault(type) + 1;
}
