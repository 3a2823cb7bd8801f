using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.UsersCsvImport;

namespace Twig.Web.Tests.Platform;

/// <summary>
/// The commit happens but its acknowledgement is lost (a transient error at commit): the execution strategy asks the
/// command's own check whether the work is in, and nothing is applied twice or reported as failed.
/// </summary>
public sealed class LostCommitAcknowledgementTests(SliceFixture fixture) : SliceTest(fixture)
{
    private LostCommitAcknowledgement Fault => Fixture.Services.GetRequiredService<LostCommitAcknowledgement>();

    [Fact]
    public async Task A_sync_whose_commit_acknowledgement_is_lost_succeeds_once()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 30);
        var lostBefore = Fault.Lost;
        Fault.Arm("INSERT INTO \"SyncRunCounts\"");

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(lostBefore + 1, Fault.Lost);
        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        var people = await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id));
        Assert.True(people > 30);
        Assert.Equal(people, run.Count(RosterEntityType.Person).Created);
        Assert.Equal(4, run.Counts.Count); // one count per entity type, not two
    }

    [Fact]
    public async Task A_confirmation_whose_commit_acknowledgement_is_lost_reports_applied_once()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1"), CsvFiles.Row("t1", "teacher"))))!;
        var lostBefore = Fault.Lost;
        Fault.Arm("UPDATE \"CsvImports\"");

        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;

        Assert.Equal(lostBefore + 1, Fault.Lost);
        Assert.Equal(Review.ApplyOutcome.Applied, applied.Outcome);
        Assert.Equal(2, applied.Counts!.Created);
        Assert.Equal(2, (await Fixture.PeopleAsync(district.Id)).Count);
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.CountAsync(a => a.Action == "csv.applied")));
    }

    [Fact]
    public async Task An_upload_whose_commit_acknowledgement_is_lost_is_recorded_once()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var lostBefore = Fault.Lost;
        Fault.Arm("INSERT INTO \"CsvImports\"");

        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1"))))!;

        Assert.Equal(lostBefore + 1, Fault.Lost);
        Assert.Equal(CsvImportStatus.Previewed, upload.Status);
        Assert.Equal([upload.ImportId], await Fixture.ExecuteDbContextAsync(db => db.CsvImports.Select(i => i.Id).ToListAsync()));
    }
}
