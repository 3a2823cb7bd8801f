using Microsoft.EntityFrameworkCore;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>
/// A bulk file that came out empty takes away every class, enrollment or school: the threshold review holds the package until
/// the admin confirms the total it names (people, schools and classes deactivated, enrollments removed from kept classes).
/// </summary>
public sealed class ThresholdReviewTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly string ClassesHeader = HeaderOf(Classes11);

    private Task<ImportOneRoster.Result> ImportAsync(int districtId, byte[] zip, int? confirm = null) =>
        Fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, DryRun: false, ConfirmDeactivations: confirm));

    private Task<int> CountAsync(int districtId, string what) => Fixture.ExecuteDbContextAsync(db => what switch
    {
        "enrollments" => db.Enrollments.CountAsync(e => e.DistrictId == districtId && e.IsActive),
        "classes" => db.Sections.CountAsync(s => s.DistrictId == districtId && s.IsActive),
        _ => db.Schools.CountAsync(s => s.DistrictId == districtId && s.IsActive),
    });

    private async Task<int> AppliedDistrictAsync()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk11()));
        return district.Id;
    }

    /// <summary>Held (at the preview and without the exact total), nothing changed; applied once the total is confirmed.</summary>
    private async Task AssertHeldUntilConfirmedAsync(int districtId, byte[] zip, int total, string label, string what)
    {
        var before = await CountAsync(districtId, what);
        var preview = await Fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, DryRun: true));
        Assert.True(preview.Preview!.NeedsConfirmation);
        Assert.Equal((total, label), (preview.Preview.Confirming.Total, preview.Preview.Confirming.Label));

        var held = await ImportAsync(districtId, zip);
        Assert.Equal(ImportOneRoster.Outcome.NeedsConfirmation, held.Outcome);
        Assert.Contains($"--deactivate {total})", held.Message);
        Assert.Equal(ImportOneRoster.Outcome.NeedsConfirmation, (await ImportAsync(districtId, zip, confirm: total - 1)).Outcome);
        Assert.Equal(before, await CountAsync(districtId, what));

        AssertApplied(await ImportAsync(districtId, zip, confirm: total));
        Assert.Equal(0, await CountAsync(districtId, what));
    }

    [Fact]
    public async Task A_header_only_enrollments_file_removes_every_enrollment_only_once_confirmed()
    {
        var district = await AppliedDistrictAsync();

        await AssertHeldUntilConfirmedAsync(district, Bulk11(enrollments: EnrollmentsHeader), 4,
            "Remove 4 enrollments from the classes it keeps", "enrollments");
    }

    [Fact]
    public async Task A_header_only_classes_file_deactivates_every_class_only_once_confirmed()
    {
        var district = await AppliedDistrictAsync();

        // The class's enrollments go with it: the two classes are what is confirmed.
        await AssertHeldUntilConfirmedAsync(district, Bulk11(classes: ClassesHeader, enrollments: EnrollmentsHeader), 2,
            "Deactivate 2 classes", "classes");
    }

    [Fact]
    public async Task An_orgs_file_with_only_the_district_deactivates_every_school_only_once_confirmed()
    {
        var district = await AppliedDistrictAsync();
        var onlyDistrict = Zip(
            ("manifest.csv", Manifest("1.1", ("orgs", "bulk"), ("users", "absent"), ("classes", "absent"), ("enrollments", "absent"))),
            ("orgs.csv", HeaderOf(Orgs11) + "d1,,,Maple District,district,,\r\n"));

        // Both schools close, and their classes with them.
        await AssertHeldUntilConfirmedAsync(district, onlyDistrict, 4, "Deactivate 2 schools and 2 classes", "schools");
        Assert.Equal(0, await CountAsync(district, "classes"));
    }

    [Fact]
    public async Task A_package_within_the_threshold_applies_without_confirmation()
    {
        var district = await AppliedDistrictAsync();
        var joined = Bulk11(users: Users11 + "u4,,,true,s2,student,,,Emmy,Noether,,1004,,,,,04,\r\n",
            enrollments: Enrollments11 + "e6,,,c2,s2,u4,student,false,,\r\n");

        var result = await ImportAsync(district, joined);

        AssertApplied(result);
        Assert.False(result.Preview!.NeedsConfirmation);
        Assert.Null(result.Preview.ToConfirm);
        Assert.Equal(5, await CountAsync(district, "enrollments"));
    }
}
