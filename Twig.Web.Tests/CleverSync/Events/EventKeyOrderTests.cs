using System.Text;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Events;

namespace Twig.Web.Tests.CleverSync.Events;

/// <summary>
/// An event reads the same whichever order its keys come in: Clever's recorded responses put <c>data</c> before the
/// <c>type</c> that says what it holds, its documentation the other way round. Either way the object is read as its record
/// (not kept as a JSON tree) and a section's previous members are kept.
/// </summary>
public sealed class EventKeyOrderTests
{
    private const string Section = """{"id":"c1","school":"s1","name":"Math","teachers":["t1"],"students":["u1","u3"]}""";
    private const string Previous = """{"students":["u1","u2"]}""";
    private const string User = """{"id":"u9","name":{"first":"Ada","last":"King"},"roles":{"student":{"school":"s1","schools":["s1"]}}}""";

    private static string Event(string id, string type, string data, bool alphabetical) => alphabetical
        ? $$"""{"created":"2026-12-01T00:00:00.000Z","data":{{data}},"id":"{{id}}","type":"{{type}}"}"""
        : $$"""{"id":"{{id}}","type":"{{type}}","created":"2026-12-01T00:00:00.000Z","data":{{data}}}""";

    private static CleverEventPayload Read(string json) => CleverEventPayloadConverter.Read(Encoding.UTF8.GetBytes(json))!;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Data_before_or_after_its_type_is_read_as_the_record(bool alphabetical)
    {
        var section = Read(Event("e1", "sections.updated", $$"""{"object":{{Section}},"previous_attributes":{{Previous}}}""", alphabetical));
        var user = Read(Event("e2", "users.created", $$"""{"object":{{User}}}""", alphabetical));

        Assert.Equal(("e1", "sections.updated", "2026-12-01T00:00:00.000Z"), (section.Id, section.Type, section.Created));
        Assert.Equal("Math", Assert.IsType<CleverSectionPayload>(section.Data!.Record).Name);
        Assert.Equal("King", Assert.IsType<CleverUserPayload>(user.Data!.Record).Name!.Last);

        var night = EventFold.Fold([section, user]);
        Assert.Equal([new EnrollmentChange("c1", "u2", false, false), new EnrollmentChange("c1", "u3", false, true)],
            NetMembership.Of(night).OrderBy(e => e.PersonId, StringComparer.Ordinal));
        Assert.Equal(0, night.Unreadable);
    }

    /// <summary>
    /// Clever's Swagger (v3.1-events.yml) puts <c>previous_attributes</c> beside <c>data</c>, not inside it: the old members
    /// are read from there too, or the students who left would be kept until the weekly reconciliation.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Previous_attributes_beside_data_are_read_as_the_old_members(bool alphabetical)
    {
        var data = $$"""{"object":{{Section}}}""";
        var json = alphabetical
            ? $$"""{"data":{{data}},"id":"e1","previous_attributes":{{Previous}},"type":"sections.updated"}"""
            : $$"""{"id":"e1","type":"sections.updated","previous_attributes":{{Previous}},"data":{{data}}}""";

        var night = EventFold.Fold([Read(json)]);

        Assert.Equal([new EnrollmentChange("c1", "u2", false, false), new EnrollmentChange("c1", "u3", false, true)],
            NetMembership.Of(night).OrderBy(e => e.PersonId, StringComparer.Ordinal));
    }

    [Fact]
    public void An_object_of_another_shape_is_counted_unreadable_not_thrown()
    {
        var bad = Read(Event("e3", "users.updated", """{"object":{"id":"u9","name":7}}""", alphabetical: true));

        var night = EventFold.Fold([bad]);

        Assert.Equal(1, night.Unreadable);
        Assert.Empty(night.Users);
        Assert.Equal("e3", night.LastEventId);
    }
}
