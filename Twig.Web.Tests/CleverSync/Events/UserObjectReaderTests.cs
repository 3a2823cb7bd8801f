using System.Text;
using System.Text.Json;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Events;

namespace Twig.Web.Tests.CleverSync.Events;

/// <summary>
/// The events' own reader of a user object accepts and refuses exactly what the serializer did for the same payload
/// (a refused object falls back to raw JSON, which the fold then judges as it always has).
/// </summary>
public sealed class UserObjectReaderTests
{
    public static TheoryData<string> Objects() =>
    [
        """{"id":"u1","email":"a@b.c","name":{"first":"Ada","middle":"B","last":"One"},"roles":{"student":{"sis_id":"1","state_id":"2","student_number":"3","grade":"4","school":"s1","schools":["s1","s2"]}}}""",
        """{"id":"u1","roles":{"teacher":{"school":"s1","schools":["s1"]},"staff":{"schools":[]},"district_admin":{},"contact":{"sis_id":"c"}}}""",
        """{"id":"u1","email":null,"name":null,"roles":null}""",
        """{"id":"u1","name":{"first":null,"last":"One","extra":{"a":[1]}},"roles":{"student":null,"parent":{"x":1}}}""",
        """{"id":"u1","name":{"first":"A"},"name":{"last":"B"},"roles":{"student":{"school":"s1"},"student":{"school":"s2"}}}""",
        """{"i\u0064":"u1","na\u006de":{"fir\u0073t":"\u00c5sa \"Q\""},"roles":{"stu\u0064ent":{"schools":["s\u0031"]}}}""",
        """{"ID":"u1","Name":{"first":"A"},"roles":{"Student":{"school":"s1"}}}""",
        """{"id":"u1","created":"2026-01-01","dob":"1/1/2010","credentials":{"district_username":"x"},"demographics":{"ell_status":"N"},"name":{"first":"A"}}""",
        """{}""",
        """{"id":7}""",
        """{"id":"u1","name":"Ada"}""",
        """{"id":"u1","name":{"first":1}}""",
        """{"id":"u1","roles":[]}""",
        """{"id":"u1","roles":{"student":"s1"}}""",
        """{"id":"u1","roles":{"student":{"schools":"s1"}}}""",
        """{"id":"u1","roles":{"student":{"schools":[null,"s1",2]}}}""",
        """{"id":"u1","roles":{"student":{"schools":[null,"s1"]}}}""",
        """{"id":"u1","email":false}""",
        """[]""",
    ];

    [Theory]
    [MemberData(nameof(Objects))]
    public void Reads_a_user_as_the_serializer_does(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var expected = Serializer(bytes);
        var actual = Hand(bytes);
        Assert.Equal(expected.Failed, actual.Failed);
        if (expected.Failed) return;
        Assert.Equal(Describe(expected.User!), Describe(actual.User!));
    }

    private static (bool Failed, CleverUserPayload? User) Serializer(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            return (false, JsonSerializer.Deserialize(ref reader, CleverEventsJson.Default.CleverUserPayload));
        }
        catch (JsonException)
        {
            return (true, null);
        }
    }

    private static (bool Failed, CleverUserPayload? User) Hand(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            var user = UserObjectReader.Read(ref reader);
            Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
            Assert.Equal(bytes.Length, reader.BytesConsumed);
            return (false, user);
        }
        catch (JsonException)
        {
            return (true, null);
        }
    }

    private static string Describe(CleverUserPayload u) =>
        string.Join("|", u.Id, u.Email, u.Name is null ? "(no name)" : $"{u.Name.First}/{u.Name.Middle}/{u.Name.Last}",
            u.Roles is null ? "(no roles)" : string.Join(";", Role(u.Roles.Student), Role(u.Roles.Teacher), Role(u.Roles.Staff),
                Role(u.Roles.DistrictAdmin), Role(u.Roles.Contact)));

    private static string Role(CleverRolePayload? r) => r is null ? "(none)"
        : $"{r.SisId}/{r.StateId}/{r.StudentNumber}/{r.Grade}/{r.School}/" +
          (r.Schools is null ? "(null)" : "[" + string.Join(",", r.Schools.Select(s => s ?? "(null)")) + "]");
}
