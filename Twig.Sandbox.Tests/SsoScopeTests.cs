using System.Net;

namespace Twig.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class SsoScopeTests(SandboxServer server)
{
    [Fact]
    public async Task An_sso_token_reaches_only_me_its_own_district_and_its_own_user()
    {
        var roster = server.Demo.Roster;
        var teacher = roster.AnyTeacherWithSections();
        var callback = await OAuthFlow.SignIn(server.Client(), server.Demo.Id, teacher.Id);
        var client = server.ApiClient(await OAuthFlow.Token(await OAuthFlow.Exchange(server.Client(), OAuthFlow.Query(callback, "code"))));

        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(client, server.Api("/v3.0/me"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(client, server.Api("/v3.0/districts/" + server.Demo.Id))).Status);
        var self = await ApiCalls.GetOk(client, server.Api("/v3.0/users/" + teacher.Id));
        SwaggerSchema.Instance.AssertValid("UserResponse", self, "links");
        Assert.Equal(teacher.Name.Last, self.GetProperty("data").GetProperty("name").GetProperty("last").GetString());

        var other = roster.AnyStudent();
        var schoolId = teacher.Roles.Teacher!.School;
        foreach (var forbidden in new[]
        {
            "/v3.0/users", "/v3.0/users?role=student", "/v3.0/users/" + other.Id, "/v3.0/districts", "/v3.0/schools",
            "/v3.0/schools/" + schoolId, "/v3.0/sections", "/v3.0/users/" + teacher.Id + "/sections", "/v3.0/districts/" + server.Sandbox.Districts[1].Id,
        })
        {
            var (status, _, _) = await ApiCalls.Get(client, server.Api(forbidden));
            Assert.True(status == HttpStatusCode.NotFound, $"{forbidden} answered {(int)status} to an SSO token");
        }
    }

    [Fact]
    public async Task A_district_token_reaches_only_its_own_district()
    {
        var mine = server.NewDistrict(40);
        var theirs = server.Demo.Roster;
        var client = server.ApiClient(mine.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCalls.Get(client, server.Api("/v3.0/users/" + theirs.AnyStudent().Id))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCalls.Get(client, server.Api("/v3.0/districts/" + server.Demo.Id))).Status);
        var districts = await ApiCalls.GetOk(client, server.Api("/v3.0/districts"));
        Assert.Equal([mine.Id], ApiCalls.Ids(districts));
    }

    [Fact]
    public async Task Calls_without_a_valid_token_get_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCalls.Get(server.Client(), server.Api("/v3.0/schools"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCalls.Get(server.ApiClient("0123456789abcdef0123456789abcdef01234567"), server.Api("/v3.0/schools"))).Status);
    }
}
