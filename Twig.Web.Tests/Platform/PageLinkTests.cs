using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

/// <summary>
/// Links and redirects name pages (<c>asp-page</c>, <c>RedirectToPage</c>, <c>Url.Page</c>) instead of spelling paths; these are
/// the addresses they must still produce. Pages with an owner and a support address pick the support one exactly when the
/// district is given.
/// </summary>
public sealed class PageLinkTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Theory]
    [InlineData("/Index", null, "", "/")]
    [InlineData("/Errors/Error", null, "", "/error")]
    [InlineData("/DistrictAdmin/Dashboard", null, "", "/district")]
    [InlineData("/CleverSync/History/SyncHistory", null, "districtId=7", "/districts/7/sync")]
    [InlineData("/DistrictAdmin/DistrictPeople", null, "districtId=7", "/districts/7/people")]
    [InlineData("/DistrictAdmin/SupportConsole", null, "", "/support")]
    [InlineData("/DistrictAdmin/SupportDistrict", null, "districtId=7", "/support/districts/7")]
    [InlineData("/CleverSync/Connections/Connections", null, "", "/support/connections")]
    [InlineData("/DistrictAdmin/OwnerAccounts", null, "", "/support/accounts")]
    [InlineData("/Classes/Home", null, "", "/classes")]
    [InlineData("/Login/ChangePassword", null, "", "/account/password")]
    [InlineData("/Login/Logout", null, "", "/logout")]
    [InlineData("/Login/Login", null, "", "/login")]
    [InlineData("/DataStewardship/Privacy", null, "", "/privacy")]
    [InlineData("/DistrictAdmin/MyTimeZone", null, "returnUrl=/districts/7/people?q=ann lee&p=2", "/account/time-zone?returnUrl=%2Fdistricts%2F7%2Fpeople%3Fq%3Dann%20lee%26p%3D2")]
    [InlineData("/Notifications/MyNotifications", null, "", "/notifications")]
    [InlineData("/Notifications/NotificationSettingsPage", null, "", "/notifications/settings")]
    [InlineData("/Notifications/SupportOutbox", null, "", "/support/notifications")]
    [InlineData("/Notifications/SupportOutbox", null, "status=Failed", "/support/notifications?status=Failed")]
    [InlineData("/DataStewardship/DataToDelete", null, "", "/support/data-to-delete")]
    [InlineData("/DataStewardship/DeleteDistrict", null, "districtId=7", "/support/districts/7/delete")]
    [InlineData("/DataStewardship/DeletionCertificate", null, "districtId=7,deletionId=3", "/support/districts/7/deletion/3")]
    [InlineData("/DataStewardship/DeletionCertificate", "Download", "districtId=7,deletionId=3", "/support/districts/7/deletion/3?handler=Download")]
    [InlineData("/DataStewardship/DistrictData", null, "", "/district/data")]
    [InlineData("/DataStewardship/DistrictData", null, "districtId=7", "/support/districts/7/data")]
    [InlineData("/DataStewardship/DistrictData", "Download", "exportId=5", "/district/data?exportId=5&handler=Download")]
    [InlineData("/UsersCsvImport/Upload", null, "", "/district/import")]
    [InlineData("/UsersCsvImport/Upload", null, "districtId=7", "/support/districts/7/import")]
    [InlineData("/UsersCsvImport/Upload", "Template", "", "/district/import?handler=Template")]
    [InlineData("/UsersCsvImport/Upload", "ClassesTemplate", "districtId=7", "/support/districts/7/import?handler=ClassesTemplate")]
    [InlineData("/UsersCsvImport/History", null, "", "/district/import/history")]
    [InlineData("/UsersCsvImport/History", null, "districtId=7", "/support/districts/7/import/history")]
    [InlineData("/UsersCsvImport/Review", null, "importId=9", "/district/import/9")]
    [InlineData("/UsersCsvImport/Review", null, "districtId=7,importId=9", "/support/districts/7/import/9")]
    [InlineData("/UsersCsvImport/Review", "Report", "importId=9", "/district/import/9?handler=Report")]
    [InlineData("/UsersCsvImport/Review", "Confirm", "districtId=7,importId=9", "/support/districts/7/import/9?handler=Confirm")]
    [InlineData("/OneRosterImport/UploadPackage", null, "", "/district/oneroster")]
    [InlineData("/OneRosterImport/UploadPackage", null, "districtId=7", "/support/districts/7/oneroster")]
    [InlineData("/OneRosterImport/PackageReview", null, "importId=9", "/district/oneroster/9")]
    [InlineData("/OneRosterImport/PackageReview", "Cancel", "districtId=7,importId=9", "/support/districts/7/oneroster/9?handler=Cancel")]
    public void A_page_name_produces_the_address_the_page_has_always_had(string page, string? handler, string values, string expected)
    {
        var links = Fixture.Services.GetRequiredService<LinkGenerator>();
        var routeValues = new RouteValueDictionary();
        foreach (var pair in values.Split(',', StringSplitOptions.RemoveEmptyEntries))
            routeValues[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];

        Assert.Equal(expected, links.GetPathByPage(page, handler, routeValues));
    }
}
