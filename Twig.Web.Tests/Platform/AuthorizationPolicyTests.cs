using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

public sealed class AuthorizationPolicyTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static ClaimsPrincipal Principal(string? role, int? districtId = null, int? personId = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, "someone") };
        if (role is not null) claims.Add(new Claim(ClaimTypes.Role, role));
        if (districtId is not null) claims.Add(new Claim(TwigClaims.DistrictId, districtId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (personId is not null) claims.Add(new Claim(TwigClaims.PersonId, personId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    [Theory]
    [InlineData(TwigRoles.SupportAdmin, null, 7, true, true)]
    [InlineData(TwigRoles.Support, null, 7, true, false)]
    [InlineData(TwigRoles.DistrictOwner, 7, 7, true, true)]
    [InlineData(TwigRoles.DistrictOwner, 8, 7, false, false)]
    [InlineData(TwigRoles.Teacher, 7, 7, false, false)]
    [InlineData(null, null, 7, false, false)]
    public async Task District_policies_decide_per_district(string? role, int? ownDistrict, int district, bool canView, bool canManage)
    {
        var user = role == TwigRoles.Teacher ? Principal(role, ownDistrict, personId: 1) : Principal(role, ownDistrict);
        var authorization = Fixture.Services.GetRequiredService<IAuthorizationService>();

        Assert.Equal(canView, (await authorization.AuthorizeAsync(user, district, TwigPolicies.CanViewDistrict)).Succeeded);
        Assert.Equal(canManage, (await authorization.AuthorizeAsync(user, district, TwigPolicies.CanManageDistrict)).Succeeded);
    }

    [Theory]
    [InlineData(TwigRoles.Support, true)]
    [InlineData(TwigRoles.SupportAdmin, true)]
    [InlineData(TwigRoles.DistrictOwner, false)]
    public async Task IsStaff_admits_only_staff(string role, bool expected)
    {
        var authorization = Fixture.Services.GetRequiredService<IAuthorizationService>();
        Assert.Equal(expected, (await authorization.AuthorizeAsync(Principal(role, 1), TwigPolicies.IsStaff)).Succeeded);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_with_a_return_url()
    {
        using var session = Fixture.CreateSession();
        var response = await session.GetAsync("/district");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=%2Fdistrict", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Support_sees_the_console_but_not_an_owner_dashboard()
    {
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync("/support")).StatusCode);
        var dashboard = await support.GetPageAsync("/district");
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.Status);
        Assert.Contains("have access to this page", dashboard.Html);
    }

    [Fact]
    public async Task An_owner_sees_their_own_district_only()
    {
        var mine = await Fixture.InsertDistrictAsync("mine", seats: 321);
        await Fixture.InsertDistrictAsync("theirs", seats: 999);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, mine.Id);

        var dashboard = await owner.GetPageAsync("/district");
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        Assert.Contains("District mine", dashboard.Html);
        Assert.DoesNotContain("District theirs", dashboard.Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/support")).StatusCode);
    }

    [Fact]
    public async Task An_owner_who_types_a_support_address_is_told_the_page_is_for_twig_support_not_to_ask_the_account_owner()
    {
        var mine = await Fixture.InsertDistrictAsync("typed");
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, mine.Id);

        var page = await owner.GetPageAsync($"/support/districts/{mine.Id}/audit");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("This page is for Twig support", page.Html);
        Assert.DoesNotContain("account owner", page.Html);
    }
}
