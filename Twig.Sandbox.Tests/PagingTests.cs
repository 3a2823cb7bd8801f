using System.Net;

namespace Twig.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class PagingTests(SandboxServer server)
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(7, 300)]
    [InlineData(100, 600)]
    [InlineData(10000, 600)]
    public async Task Following_next_links_returns_every_user_exactly_once_in_id_order(int limit, int students)
    {
        var district = server.NewDistrict(students);
        var client = server.ApiClient(district.Token);
        var pages = await ApiCalls.Walk(client, $"/v3.0/users?limit={limit}");
        var ids = pages.SelectMany(ApiCalls.Ids).ToList();

        var expected = district.Roster.Users().Select(u => u.Id).ToList();
        Assert.Equal(expected, ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.All(pages, p => Assert.True(p.GetProperty("data").GetArrayLength() <= limit));
        Assert.Equal((expected.Count + limit - 1) / limit, pages.Count);
        Assert.Null(ApiCalls.Link(pages[0], "prev"));
        Assert.Null(ApiCalls.Link(pages[^1], "next"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(10000)]
    public async Task Following_next_links_returns_every_section_exactly_once(int limit)
    {
        var district = server.NewDistrict(limit == 1 ? 40 : 600);
        var pages = await ApiCalls.Walk(server.ApiClient(district.Token), $"/v3.0/sections?limit={limit}");
        Assert.Equal(district.Roster.Sections().Select(s => s.Id), pages.SelectMany(ApiCalls.Ids));
    }

    [Fact]
    public async Task Prev_links_walk_back_over_the_same_records()
    {
        var district = server.NewDistrict(120);
        var client = server.ApiClient(district.Token);
        var forward = await ApiCalls.Walk(client, "/v3.0/users?role=student&limit=25");
        var backward = new List<string>();
        var page = forward[^1];
        backward.InsertRange(0, ApiCalls.Ids(page));
        while (ApiCalls.Link(page, "prev") is { } prev)
        {
            Assert.Contains("role=student", prev);
            Assert.Contains("ending_before=", prev);
            page = await ApiCalls.GetOk(client, server.Api(prev));
            backward.InsertRange(0, ApiCalls.Ids(page));
        }
        Assert.Equal(forward.SelectMany(ApiCalls.Ids), backward);
    }

    [Fact]
    public async Task Links_are_relative_and_carry_the_other_query_parameters()
    {
        var district = server.NewDistrict(100);
        var page = await ApiCalls.GetOk(server.ApiClient(district.Token), server.Api("/v3.0/users?role=student&limit=10"));
        Assert.Equal("/v3.0/users?role=student&limit=10", ApiCalls.Link(page, "self"));
        var next = ApiCalls.Link(page, "next")!;
        Assert.StartsWith("/v3.0/users?role=student&limit=10&starting_after=", next);
        Assert.EndsWith(ApiCalls.Ids(page).Last(), next);
    }

    [Fact]
    public async Task The_default_page_holds_100_records()
    {
        var page = await ApiCalls.GetOk(server.ApiClient(server.NewDistrict(300).Token), server.Api("/v3.0/users"));
        Assert.Equal(100, page.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_limit_above_10000_is_refused_with_413()
    {
        var client = server.ApiClient(server.NewDistrict(20).Token);
        var (status, body, _) = await ApiCalls.Get(client, server.Api("/v3.0/users?limit=10001"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        SwaggerSchema.Instance.AssertValid("BadRequest", body);
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(client, server.Api("/v3.0/users?limit=10000"))).Status);
    }
}
