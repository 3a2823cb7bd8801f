using System.Net;
using System.Text.RegularExpressions;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>Counts that say what happened: people (other kinds on the run's page), "would" for plans nobody applied, short durations in words.</summary>
public sealed partial class TrueCountsTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static SyncRun Run(int districtId, SyncRunStatus status, int peopleCreated, int peopleDeactivated)
    {
        var at = DateTime.UtcNow.AddHours(-1);
        return new SyncRun
        {
            DistrictId = districtId, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = at, StartedAt = at,
            FinishedAt = at.AddMilliseconds(300), Status = status, Phase = SyncPhase.Done, Message = $"{status} run",
            Counts =
            [
                new SyncRunCount { EntityType = RosterEntityType.School, Created = 5 },
                new SyncRunCount { EntityType = RosterEntityType.Person, Created = peopleCreated, Deactivated = peopleDeactivated },
                new SyncRunCount { EntityType = RosterEntityType.Section, Created = 300 },
                new SyncRunCount { EntityType = RosterEntityType.Enrollment, Created = 2309 },
            ],
        };
    }

    [Fact]
    public async Task History_and_dashboard_count_people_and_a_held_run_only_would_deactivate()
    {
        var district = await Fixture.InsertDistrictAsync("counts");
        var applied = Run(district.Id, SyncRunStatus.Succeeded, 637, 0);
        var held = Run(district.Id, SyncRunStatus.HeldForReview, 801, 465);
        await Fixture.InsertAsync(applied, held);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        foreach (var url in new[] { $"/districts/{district.Id}/sync", "/district" })
        {
            var html = WebUtility.HtmlDecode((await owner.GetPageAsync(url)).Html);
            var appliedRow = Row(html, applied.Id);
            Assert.Contains(">637<", appliedRow);
            Assert.DoesNotContain("3,251", appliedRow);
            Assert.Contains("< 1 s", appliedRow);
            var heldRow = Row(html, held.Id);
            Assert.Contains(">would 801<", heldRow);
            Assert.Contains(">would 465<", heldRow);
            Assert.DoesNotContain("0:00:00", html);
        }

        var heldPage = WebUtility.HtmlDecode((await owner.GetPageAsync($"/districts/{district.Id}/sync/runs/{held.Id}")).Html);
        Assert.Contains("What this run would have done — nothing was applied", heldPage);
        Assert.Contains(">would 2,309<", heldPage);
        var appliedPage = WebUtility.HtmlDecode((await owner.GetPageAsync($"/districts/{district.Id}/sync/runs/{applied.Id}")).Html);
        Assert.Contains("What this run did", appliedPage);
        Assert.Contains(">2,309<", appliedPage);
        Assert.Contains("data-testid=\"run-duration\">< 1 s<", appliedPage);
    }

    [Fact]
    public async Task A_rejected_upload_shows_no_created_people_in_import_history()
    {
        var district = await Fixture.InsertDistrictAsync("csvcounts");
        var rejected = new CsvImport
        {
            DistrictId = district.Id, UploadedBy = "owner", UploadedAt = DateTime.UtcNow.AddMinutes(-5), FileName = "users.csv", Sha256 = new string('a', 64),
            RowCount = 9, Status = CsvImportStatus.Invalid, Created = 4,
        };
        var applied = new CsvImport
        {
            DistrictId = district.Id, UploadedBy = "owner", UploadedAt = DateTime.UtcNow.AddMinutes(-1), FileName = "users.csv", Sha256 = new string('b', 64),
            RowCount = 7, Status = CsvImportStatus.Applied, Created = 7,
        };
        await Fixture.InsertAsync(rejected, applied);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var html = WebUtility.HtmlDecode((await owner.GetPageAsync("/district/import/history")).Html);

        var rejectedRow = Regex.Match(html, $"<tr data-import=\"{rejected.Id}\">(.*?)</tr>", RegexOptions.Singleline).Value;
        Assert.DoesNotContain("<td>4</td>", rejectedRow);
        Assert.Contains("<td>—</td>", rejectedRow);
        Assert.Contains("<td>7</td>", Regex.Match(html, $"<tr data-import=\"{applied.Id}\">(.*?)</tr>", RegexOptions.Singleline).Value);
    }

    [Fact]
    public async Task The_classes_cell_of_import_history_is_a_dash_for_an_upload_that_changed_nothing_and_says_would_once_per_count()
    {
        var district = await Fixture.InsertDistrictAsync("classcounts");
        CsvImport Import(CsvImportStatus status, RosterSource source, int minutesAgo) => new()
        {
            DistrictId = district.Id, UploadedBy = "owner", UploadedAt = DateTime.UtcNow.AddMinutes(-minutesAgo), FileName = "roster.zip",
            Sha256 = new string('c', 64), RowCount = 9, Status = status, Source = source, ClassesFileName = source == RosterSource.Csv ? "classes.csv" : null,
            ClassesCreated = 3, EnrollmentsAdded = 130,
        };
        var rejected = Import(CsvImportStatus.Invalid, RosterSource.Csv, 5);
        var blocked = Import(CsvImportStatus.BlockedByLicense, RosterSource.OneRoster, 3);
        var applied = Import(CsvImportStatus.Applied, RosterSource.OneRoster, 1);
        await Fixture.InsertAsync(rejected, blocked, applied);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var html = WebUtility.HtmlDecode((await owner.GetPageAsync("/district/import/history")).Html);

        string ClassesCell(CsvImport import) =>
            Regex.Match(html, $"<tr data-import=\"{import.Id}\">.*?<td>([^<]*)</td>\\s*</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal("—", ClassesCell(rejected));
        Assert.Equal("would 3 created, 0 updated, 0 deactivated; enrollments would 130 added, 0 removed", ClassesCell(blocked));
        Assert.Equal("3 created, 0 updated, 0 deactivated; enrollments 130 added, 0 removed", ClassesCell(applied));
    }

    private static string Row(string html, int runId) =>
        Regex.Match(html, $"<tr data-run=\"{runId}\">(.*?)</tr>", RegexOptions.Singleline).Value is { Length: > 0 } row ? row : throw new Xunit.Sdk.XunitException($"no row for run {runId}");
}
