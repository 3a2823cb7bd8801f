using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.DistrictAdmin;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.UsersCsvImport;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>Sources never mix: each importer refuses another source's district, and a switch completes with the first import or sync.</summary>
public sealed class RosterSourceGuardTests(SliceFixture fixture) : SliceTest(fixture)
{
    private Task<int> ActiveAsync(int districtId, RosterSource source) =>
        Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == districtId && p.Source == source && p.IsActive));

    [Fact]
    public async Task A_users_csv_upload_to_a_Clever_district_is_refused_with_the_reason_and_writes_nothing()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 10);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var posted = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(CsvFiles.File(CsvFiles.Row("s1", username: "kid1"))));

        var review = await owner.GetPageAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains("This file was not imported.", review.Html);
        Assert.Contains("This district is rostered from Clever, so a Twig CSV (users.csv) import is not accepted: sources never mix.", review.Html);
        Assert.DoesNotContain("Confirm and apply", review.Html);
        Assert.Equal(0, await ActiveAsync(district.Id, RosterSource.Csv));
        var classesOnly = await Fixture.UploadClassesAsync(district.Id, ClassFiles.File(ClassFiles.Row("c1", "t1", "s1")));
        Assert.Equal(CsvImportStatus.Invalid, classesOnly!.Status);
        Assert.Contains("sources never mix", classesOnly.Message);
    }

    /// <summary>A district's deletion removes its roster in batches: an upload confirmed (or a package applied) meanwhile adds none.</summary>
    [Fact]
    public async Task A_district_being_deleted_accepts_no_import()
    {
        var csv = await Fixture.InsertDistrictAsync($"del-{Guid.NewGuid():N}"[..20]);
        var upload = await Fixture.UploadAsync(csv.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid1")));
        var oneRoster = await Fixture.InsertOneRosterDistrictAsync();
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == csv.Id || d.Id == oneRoster.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.DeletedAt, DateTime.UtcNow)));

        var confirmed = (await Fixture.ConfirmAsync(csv.Id, upload!.ImportId))!;
        var package = await Fixture.SendAsync(new Features.OneRosterImport.ImportOneRoster.Command(oneRoster.Id, "roster.zip",
            Packages.Bulk11(), DryRun: false));

        const string Refusal = "This district's data is being deleted, so no roster is accepted.";
        Assert.Contains(Refusal, confirmed.Message);
        Assert.Contains(Refusal, package.Message);
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == csv.Id || p.DistrictId == oneRoster.Id)));
    }

    [Fact]
    public async Task Sync_now_is_refused_for_a_CSV_district_and_a_run_queued_before_the_switch_is_skipped_with_the_reason()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 10);
        var queued = await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.Initial));
        Assert.NotNull(queued.RunId);
        await Fixture.SendAsync(new ChangeRosterSource.Command(district.Id, RosterSource.Csv));

        await Fixture.ProcessQueueAsync(district.Id);
        var skipped = await Fixture.RunAsync(queued.RunId!.Value);
        Assert.Equal(SyncRunStatus.Skipped, skipped.Status);
        Assert.Contains("This district is rostered from Twig CSV (users.csv), so a Clever import is not accepted", skipped.Message);
        Assert.Equal(0, await ActiveAsync(district.Id, RosterSource.Clever));

        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var history = $"/districts/{district.Id}/sync";
        var pressed = await owner.SubmitFormAsync(history, new Dictionary<string, string>(), action: $"{history}?handler=Sync");
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        var page = await owner.FollowAsync(pressed);
        Assert.Contains("sources never mix", await page.Content.ReadAsStringAsync());
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.CountAsync(r => r.DistrictId == district.Id)));
    }

    [Fact]
    public async Task A_switch_from_Clever_to_CSV_completes_when_the_first_users_csv_is_confirmed()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 12, seats: 20);
        await Fixture.SyncAsync(district.Id);
        var cleverPeople = await ActiveAsync(district.Id, RosterSource.Clever);
        Assert.True(cleverPeople > 12);
        await Fixture.SendAsync(new ChangeRosterSource.Command(district.Id, RosterSource.Csv));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        // 15 CSV students fit the 20 seats only because the 12 Clever students leave in the same transaction.
        var posted = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(CsvFiles.Students(15)));
        var reviewUrl = posted.Headers.Location!.OriginalString;
        var review = await owner.GetPageAsync(reviewUrl);
        Assert.Contains("Preview: nothing has changed yet.", review.Html);
        Assert.Equal(cleverPeople, await ActiveAsync(district.Id, RosterSource.Clever));

        var confirmed = await owner.PostFormAsync(reviewUrl + "?handler=Confirm", new Dictionary<string, string>(), review.AntiforgeryToken());

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains(".</strong> 15 created, ", (await owner.GetPageAsync(reviewUrl)).Html); // "Applied" said once
        Assert.Equal(0, await ActiveAsync(district.Id, RosterSource.Clever));
        Assert.Equal(15, await ActiveAsync(district.Id, RosterSource.Csv));
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.Sections.CountAsync(s => s.DistrictId == district.Id && s.Source == RosterSource.Clever && s.IsActive)));
        var saved = await Fixture.FindAsync<District>(district.Id);
        Assert.Equal((RosterSource.Csv, (RosterSource?)null), (saved!.RosterSource!.Value, saved.RetiringRosterSource));
        var audit = await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.Where(a => a.DistrictId == district.Id && a.Action == "district.roster-source.completed").Select(a => a.Details).SingleAsync());
        Assert.Contains($"{cleverPeople} people from Clever were deactivated", audit);
    }
}
