using System.Net;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DataStewardship;

public sealed class StewardshipPagesTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Districts_expired_for_more_than_90_days_are_on_the_data_to_delete_list_with_the_date_the_clause_fell_due()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await Fixture.InsertDistrictAsync("long-gone", status: SubscriptionStatus.Active, endsOn: today.AddDays(-91));
        await Fixture.InsertDistrictAsync("just-gone", status: SubscriptionStatus.Expired, endsOn: today.AddDays(-89));
        await Fixture.InsertDistrictAsync("current", endsOn: today.AddDays(100));
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var page = await support.GetPageAsync("/support/data-to-delete");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("data-district=\"long-gone\"", page.Html);
        Assert.Contains(today.AddDays(-1).ToString("yyyy-MM-dd"), page.Html);
        Assert.DoesNotContain("data-district=\"just-gone\"", page.Html);
        Assert.DoesNotContain("data-district=\"current\"", page.Html);
        Assert.Contains("href=\"/support/data-to-delete\"", (await support.GetPageAsync("/support")).Html);
    }

    [Fact]
    public async Task The_privacy_page_is_public_linked_in_the_footer_and_states_the_configured_periods()
    {
        using var visitor = Fixture.CreateSession();

        var page = await visitor.GetPageAsync("/privacy");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("data-testid=\"sync-warnings\">90 days<", page.Html);
        Assert.Contains("data-testid=\"import-issues\">90 days<", page.Html);
        Assert.Contains("data-testid=\"notifications\">1 year<", page.Html);
        Assert.Contains("data-testid=\"audit\">3 years<", page.Html);
        Assert.Contains("data-testid=\"deactivated\">1 year after they left<", page.Html);
        Assert.Contains("30 days later", page.Html);
        Assert.Contains("href=\"/privacy\"", (await visitor.GetPageAsync("/login")).Html);
    }
}
