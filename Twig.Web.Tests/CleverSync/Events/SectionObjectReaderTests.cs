using System.Text;
using System.Text.Json;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Events;

namespace Twig.Web.Tests.CleverSync.Events;

/// <summary>
/// The events' own reader of a section object accepts and refuses exactly what the serializer did for the same payload
/// (a refused object falls back to raw JSON, which the fold then judges as it always has).
/// </summary>
public sealed class SectionObjectReaderTests
{
    public static TheoryData<string> Objects() =>
    [
        """{"id":"c1","school":"s1","name":"Math","sis_id":"9","subject":"math","grade":"3","period":"2","teacher":"t1","teachers":["t1","t2"],"students":["u1","u2","u3"]}""",
        """{"id":"c1","name":"Math"}""",
        """{"id":"c1","name":null,"teacher":null,"teachers":null,"students":null}""",
        """{"id":"c1","name":"Math","students":[],"teachers":[]}""",
        """{"id":"c1","name":"Math","students":["u1",null,"u2"]}""",
        """{"id":"c1","name":"first","name":"last","students":["u1"],"students":["u2"]}""",
        """{"i\u0064":"c1","na\u006de":"M\u00e4th \"A\"","stu\u0064ents":["u\u0031"]}""",
        """{"ID":"c1","Name":"Math","Students":["u1"]}""",
        """{"id":"c1","created":"2026-01-01","last_modified":"2026-01-02","term_id":"t","ext":{"a":[1,{"b":null}],"c":true},"name":"Math"}""",
        """{}""",
        """{"id":5,"name":"Math"}""",
        """{"id":"c1","name":{"first":"Math"}}""",
        """{"id":"c1","students":"u1"}""",
        """{"id":"c1","students":[1,2]}""",
        """{"id":"c1","students":[["u1"]]}""",
        """{"id":"c1","teacher":true}""",
        """[]""",
        """"c1"""",
    ];

    [Theory]
    [MemberData(nameof(Objects))]
    public void Reads_a_section_as_the_serializer_does(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var expected = Serializer(bytes);
        var actual = Hand(bytes);
        Assert.Equal(expected.Failed, actual.Failed);
        if (expected.Failed) return;
        Assert.Equal(Describe(expected.Section!), Describe(actual.Section!));
    }

    private static (bool Failed, CleverSectionPayload? Section) Serializer(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            return (false, JsonSerializer.Deserialize(ref reader, CleverEventsJson.Default.CleverSectionPayload));
        }
        catch (JsonException)
        {
            return (true, null);
        }
    }

    private static (bool Failed, CleverSectionPayload? Section) Hand(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            var section = SectionObjectReader.Read(ref reader);
            Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
            Assert.Equal(bytes.Length, reader.BytesConsumed);
            return (false, section);
        }
        catch (JsonException)
        {
            return (true, null);
        }
    }

    private static string Describe(CleverSectionPayload s) =>
        string.Join("|", s.Id, s.School, s.Name, s.SisId, s.Subject, s.Grade, s.Period, s.Teacher, List(s.Teachers), List(s.Students));

    private static string List(List<string>? ids) => ids is null ? "(null)" : "[" + string.Join(",", ids.Select(i => i ?? "(null)")) + "]";
}
