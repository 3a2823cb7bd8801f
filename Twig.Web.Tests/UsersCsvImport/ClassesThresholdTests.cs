using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>classes.csv replaces in full under the same threshold review as users.csv: a big drop waits for its number.</summary>
public sealed class ClassesThresholdTests(SliceFixture fixture) : SliceTest(fixture)
{
    private Task<int> ActiveClassesAsync(int districtId) =>
        Fixture.ExecuteDbContextAsync(db => db.Sections.CountAsync(s => s.DistrictId == districtId && s.Source == RosterSource.Csv && s.IsActive));

    [Fact]
    public async Task A_classes_csv_dropping_more_than_the_threshold_of_active_classes_is_held_until_exactly_that_number_is_confirmed()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var classes = Enumerable.Range(1, 10).Select(i => ClassFiles.Row($"c{i}", "t1", "s1")).ToArray();
        await Fixture.ApplyAsync(district.Id, await Fixture.UploadPairAsync(district.Id, ClassFiles.People(), ClassFiles.File(classes)));
        // 10 % of 10 active classes is 1; this file drops 2.
        var upload = await Fixture.UploadClassesAsync(district.Id, ClassFiles.File(classes[..8]));
        Assert.Equal(CsvImportStatus.Previewed, upload!.Status);

        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var reviewUrl = $"/district/import/{upload.ImportId}";
        var review = await owner.GetPageAsync(reviewUrl);
        Assert.Contains("data-testid=\"class-threshold\"", review.Html);
        Assert.Contains("Deactivate these 2 classes", review.Html);

        var unticked = await owner.PostFormAsync(reviewUrl + "?handler=Confirm", new Dictionary<string, string> { ["classDeactivationCount"] = "2" }, review.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.OK, unticked.StatusCode);
        Assert.Contains("This upload goes beyond the district's threshold of 10 %: it deactivates 2 of 10 active CSV classes and removes 0 of 20 class memberships from the classes it keeps.",
            WebUtility.HtmlDecode(await unticked.Content.ReadAsStringAsync()));
        var wrong = await Fixture.SendAsync(new Review.Command(district.Id, upload.ImportId, null, ConfirmedClassDeactivations: 1));
        Assert.Equal(Review.ApplyOutcome.NeedsArchiveConfirmation, wrong!.Outcome);
        Assert.Equal(10, await ActiveClassesAsync(district.Id));

        var confirmed = await owner.PostFormAsync(reviewUrl + "?handler=Confirm",
            new Dictionary<string, string> { ["confirmClassDeactivations"] = "true", ["classDeactivationCount"] = "2" }, review.AntiforgeryToken());

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(8, await ActiveClassesAsync(district.Id));
        Assert.Contains("2 deactivated", (await owner.GetPageAsync(reviewUrl)).Html);
    }

    [Fact]
    public async Task A_class_report_whose_student_column_came_out_empty_waits_for_its_removed_memberships_to_be_confirmed()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var classes = Enumerable.Range(1, 10).Select(i => ClassFiles.Row($"c{i}", "t1", "s1;s2")).ToArray();
        await Fixture.ApplyAsync(district.Id, await Fixture.UploadPairAsync(district.Id, ClassFiles.People(), ClassFiles.File(classes)));
        Task<int> MembershipsAsync() => Fixture.ExecuteDbContextAsync(db => db.Enrollments.CountAsync(e => e.DistrictId == district.Id && e.IsActive));
        Assert.Equal(30, await MembershipsAsync());

        // Every class kept, every student gone: 20 of 30 memberships, far beyond 10 %.
        var upload = await Fixture.UploadClassesAsync(district.Id, ClassFiles.File(Enumerable.Range(1, 10).Select(i => ClassFiles.Row($"c{i}", "t1", "")).ToArray()));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var review = await owner.GetPageAsync($"/district/import/{upload!.ImportId}");
        Assert.Contains("Remove these 20 class memberships", review.Html);
        var unconfirmed = await Fixture.SendAsync(new Review.Command(district.Id, upload.ImportId, null));
        Assert.Equal(Review.ApplyOutcome.NeedsArchiveConfirmation, unconfirmed!.Outcome);
        Assert.Contains("removes 20 of 30 class memberships", unconfirmed.Message, StringComparison.Ordinal);
        Assert.Equal(30, await MembershipsAsync());

        var confirmed = await owner.PostFormAsync($"/district/import/{upload.ImportId}?handler=Confirm",
            new Dictionary<string, string> { ["confirmClassDeactivations"] = "true", ["classDeactivationCount"] = "20" }, review.AntiforgeryToken());

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(10, await MembershipsAsync());
        Assert.Equal(10, await ActiveClassesAsync(district.Id));
    }
}
