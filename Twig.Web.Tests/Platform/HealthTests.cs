using System.Net;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

public sealed class HealthTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Should_answer_healthy_without_signing_in(string path)
    {
        using var session = Fixture.CreateSession();
        var response = await session.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_serve_friendly_error_pages_with_their_status()
    {
        using var session = Fixture.CreateSession();
        var page = await session.GetPageAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Page not found", page.Html);
    }

    [Fact]
    public async Task A_refused_page_tells_support_staff_who_can_open_it()
    {
        using var support = await Fixture.SignedInSessionAsync(Twig.Web.Domain.TwigRoles.Support);
        var page = await support.GetPageAsync("/support/districts/new");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("ask a Twig support admin", page.Html);
        Assert.DoesNotContain("or Twig support.", page.Html);
    }

    [Fact]
    public async Task Should_send_security_headers()
    {
        using var session = Fixture.CreateSession();
        var response = await session.GetAsync("/");

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("Referrer-Policy", response.Headers.Select(h => h.Key));
    }
}
