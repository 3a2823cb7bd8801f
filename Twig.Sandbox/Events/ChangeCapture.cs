using System.Text.Json;
using System.Text.Json.Nodes;
using Twig.Sandbox.CleverApi;
using Twig.Sandbox.Generation;
using Twig.Sandbox.Model;

namespace Twig.Sandbox.Events;

/// <summary>
/// Turns one overnight change into Clever events. Before the change, every record it can alter is touched: its
/// payload is kept as it was. After the change, each touched record is built again and compared: it appeared
/// (<c>created</c>), vanished (<c>deleted</c>, carrying the last snapshot) or differs (<c>updated</c>, with the old values
/// of the changed leaves as <c>previous_attributes</c>). A record whose only difference is <c>last_modified</c> did not change.
/// </summary>
internal sealed class ChangeCapture(DistrictRoster roster)
{
    /// <summary>The district record is not an ordinal; it gets a key no ordinal can have.</summary>
    private const long DistrictKey = long.MinValue;

    private readonly Dictionary<long, JsonObject?> before = [];
    private readonly List<long> order = [];

    private DistrictLayout Layout => roster.Layout;

    /// <summary>Keeps a record as it is now, once (a second touch keeps the first snapshot).</summary>
    public void Touch(long ordinal)
    {
        if (before.ContainsKey(ordinal)) return;
        before[ordinal] = Snapshot(ordinal);
        order.Add(ordinal);
    }

    /// <summary>A record that did not exist before the change.</summary>
    public void TouchNew(long ordinal)
    {
        if (before.TryAdd(ordinal, null)) order.Add(ordinal);
    }

    /// <summary>Touches a record and every record whose payload shows something of it.</summary>
    public void TouchWithDependents(long ordinal)
    {
        Touch(ordinal);
        if (roster.Resolve(ordinal) is not { } found) return;
        switch (found.Kind)
        {
            case RecordKind.School when found.Added is null:
                // Its sections, and everyone listing it among their schools (a second school included).
                foreach (var section in roster.SectionOrdinalsOfSchool(found.Index)) Touch(section);
                foreach (var person in roster.UserOrdinalsNearSchool(found.Index)) Touch(person);
                break;
            case RecordKind.Student or RecordKind.Teacher:
                // Sections list their students and teachers, and are named after their first teacher.
                foreach (var section in roster.SectionOrdinalsOfUser(ordinal, found.Kind)) Touch(section);
                break;
            case RecordKind.Staff when found.Added is null && found.Index % 2 == 0:
                // Staff 2k is the principal of school k, whose record shows the principal's name and e-mail.
                Touch(Layout.OrdinalOf(RecordKind.School, found.Index / 2));
                break;
            case RecordKind.DistrictAdmin when ordinal == Layout.StartOf(RecordKind.DistrictAdmin):
                // The first district admin is the district's contact.
                Touch(DistrictKey);
                break;
        }
    }

    /// <summary>Records one event per record the change really altered, in the order the records were touched.</summary>
    public void Publish(DistrictEvents events, DateTimeOffset at)
    {
        foreach (var ordinal in order)
        {
            var old = before[ordinal];
            var now = Snapshot(ordinal);
            var collection = ordinal == DistrictKey ? "districts" : ApiResponses.CollectionOf(roster.Resolve(ordinal)!.Value.Kind);
            if (old is null && now is not null) events.Record(collection + ".created", now, null, at);
            else if (old is not null && now is null) events.Record(collection + ".deleted", old, null, at);
            else if (old is not null && now is not null && Diff(old, now) is { } previous && previous.Any(p => p.Key != "last_modified"))
                events.Record(collection + ".updated", now, previous, at);
        }
    }

    private JsonObject? Snapshot(long ordinal)
    {
        if (ordinal == DistrictKey)
            return JsonSerializer.SerializeToNode(roster.District(), SandboxJsonContext.Default.CleverDistrict)!.AsObject();
        if (roster.ActiveKindOf(ordinal) is not { } kind) return null;
        return (roster.Build(ordinal, kind) switch
        {
            CleverUser user => JsonSerializer.SerializeToNode(user, SandboxJsonContext.Default.CleverUser),
            CleverSection section => JsonSerializer.SerializeToNode(section, SandboxJsonContext.Default.CleverSection),
            CleverSchool school => JsonSerializer.SerializeToNode(school, SandboxJsonContext.Default.CleverSchool),
            CleverTerm term => JsonSerializer.SerializeToNode(term, SandboxJsonContext.Default.CleverTerm),
            CleverCourse course => JsonSerializer.SerializeToNode(course, SandboxJsonContext.Default.CleverCourse),
            _ => null,
        })?.AsObject();
    }

    /// <summary>
    /// Clever's <c>previous_attributes</c>: the old value of every changed leaf, nested as in the record. A field
    /// that is new has no old value and is given as null; arrays are leaves (the whole old array).
    /// </summary>
    internal static JsonObject? Diff(JsonObject old, JsonObject now)
    {
        var diff = new JsonObject();
        foreach (var name in old.Select(p => p.Key).Union(now.Select(p => p.Key)))
        {
            var a = old[name];
            var b = now[name];
            if (a is JsonObject oldChild && b is JsonObject newChild)
            {
                if (Diff(oldChild, newChild) is { } child) diff[name] = child;
            }
            else if (!JsonNode.DeepEquals(a, b))
            {
                diff[name] = a?.DeepClone();
            }
        }
        return diff.Count == 0 ? null : diff;
    }
}
