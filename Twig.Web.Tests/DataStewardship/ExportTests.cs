using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.DataStewardship;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DataStewardship;

public sealed class ExportTests(SliceFixture fixture) : SliceTest(fixture)
{
    private const string Secret = "must-never-leave";

    private async Task<(District Home, District Other, string OwnerEmail)> ArrangeAsync()
    {
        var home = await Fixture.InsertDistrictAsync("home");
        var other = await Fixture.InsertDistrictAsync("other");
        await Fixture.SeedRosterAsync(home.Id, 60, "home");
        await Fixture.SeedRosterAsync(other.Id, 40, "other");
        await Fixture.SeedHistoryAsync(home.Id, "home");
        await Fixture.SeedHistoryAsync(other.Id, "other");
        // The seeded export row stands for an older export; the tests build their own.
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            await db.DistrictExportFiles.ExecuteDeleteAsync();
            await db.DistrictExports.ExecuteDeleteAsync();
            await db.People.Where(p => p.DistrictId == home.Id && p.ExternalId == "home-student-1").ExecuteUpdateAsync(s => s
                .SetProperty(p => p.PasswordHash, "AQAAAA" + Secret + "-hash").SetProperty(p => p.GoogleSubject, Secret + "-google")
                .SetProperty(p => p.FirstName, "=HYPERLINK(\"http://evil\")").SetProperty(p => p.Username, "stu1"));
        });
        await Fixture.InsertAsync(new CleverConnection
        {
            CleverDistrictId = "clever-home", CleverDistrictName = "Home", State = CleverConnectionState.Connected, ProtectedToken = Secret + "-token",
            DistrictId = home.Id, FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow,
        });
        return (home, other, await Fixture.CreateAsync(TwigRoles.DistrictOwner, home.Id));
    }

    [Fact]
    public async Task The_owner_exports_in_the_background_and_the_zip_equals_the_database_with_no_other_district_no_hashes_no_tokens()
    {
        var (home, _, ownerEmail) = await ArrangeAsync();
        using var session = Fixture.CreateSession();
        await session.SignInAsync(ownerEmail, Accounts.Password);

        var requested = await session.SubmitFormAsync("/district/data", new Dictionary<string, string>(), "/district/data?handler=Export");
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var waiting = await session.GetPageAsync("/district/data");
        Assert.Contains("Waiting to start", waiting.Html);
        Assert.DoesNotContain("data-testid=\"download\"", waiting.Html);

        // The test plays the scheduler's export queue.
        Assert.Equal(1, (await Fixture.SendAsync(new ExportQueue.Command("test-worker"))).Built);
        var export = await Fixture.ExecuteDbContextAsync(db => db.DistrictExports.AsNoTracking().SingleAsync());
        Assert.Equal(DistrictExportStatus.Ready, export.Status);
        Assert.Equal(BuildExport.Files.Length, export.ProgressDone);
        Assert.Equal(export.ProgressTotal, export.ProgressDone);
        Assert.InRange(export.ExpiresAt!.Value, DateTime.UtcNow.AddHours(23.9), DateTime.UtcNow.AddHours(24.1));

        var ready = await session.GetPageAsync("/district/data");
        Assert.Contains(export.Sha256!, ready.Html);
        var download = await session.GetAsync($"/district/data?handler=Download&exportId={export.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType!.MediaType);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(export.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));

        var files = Unzip(bytes);
        Assert.Equal(BuildExport.Files.Order(), files.Keys.Order());
        var everything = string.Join("\n", files.Values.Select(f => f.Text));
        Assert.DoesNotContain(Secret, everything);
        Assert.DoesNotContain("other-", everything);
        Assert.DoesNotContain("AQAAAA", everything);

        await Fixture.ExecuteDbContextAsync(async db =>
        {
            var people = await db.People.AsNoTracking().Where(p => p.DistrictId == home.Id).OrderBy(p => p.Id).ToListAsync();
            var csvPeople = files["people.csv"].Rows;
            Assert.Equal(people.Count, csvPeople.Count);
            Assert.DoesNotContain(files["people.csv"].Header, h => h.Contains("password") || h.Contains("google") || h.Contains("token"));
            for (var i = 0; i < people.Count; i++)
            {
                var p = people[i];
                var row = csvPeople[i];
                Assert.Equal(p.Id.ToString(CultureInfo.InvariantCulture), row["person_id"]);
                Assert.Equal(p.ExternalId, row["external_id"]);
                Assert.Equal(p.FirstName.StartsWith('=') ? "'" + p.FirstName : p.FirstName, row["first_name"]);
                Assert.Equal(p.LastName, row["last_name"]);
                Assert.Equal(p.Email ?? "", row["email"]);
                Assert.Equal(p.Username ?? "", row["username"]);
                Assert.Equal(p.SisId ?? "", row["sis_id"]);
                Assert.Equal(p.StudentNumber ?? "", row["student_number"]);
                Assert.Equal(p.Roles.Describe(), row["roles"]);
                Assert.Equal(p.IsActive ? "true" : "false", row["active"]);
            }
            // Formula-safe: the spreadsheet sees text, not a formula.
            Assert.Contains(csvPeople, r => r["first_name"] == "'=HYPERLINK(\"http://evil\")");

            Assert.Equal(await db.Schools.Where(s => s.DistrictId == home.Id).OrderBy(s => s.Id).Select(s => s.ExternalId + "|" + s.Name).ToListAsync(),
                files["schools.csv"].Rows.Select(r => r["external_id"] + "|" + r["name"]).ToList());
            Assert.Equal(await db.Sections.Where(s => s.DistrictId == home.Id).OrderBy(s => s.Id).Select(s => s.ExternalId + "|" + s.Name + "|" + s.SchoolId).ToListAsync(),
                files["sections.csv"].Rows.Select(r => r["external_id"] + "|" + r["name"] + "|" + r["school_id"]).ToList());
            Assert.Equal((await db.Enrollments.Where(e => e.DistrictId == home.Id).OrderBy(e => e.Id).Select(e => new { e.SectionId, e.PersonId, e.Role }).ToListAsync())
                    .Select(e => $"{e.SectionId}|{e.PersonId}|{e.Role}").ToList(),
                files["enrollments.csv"].Rows.Select(r => r["section_id"] + "|" + r["person_id"] + "|" + r["role"]).ToList());
            Assert.Equal(await db.PersonSchools.Where(l => db.People.Any(p => p.Id == l.PersonId && p.DistrictId == home.Id)).CountAsync(), files["person_schools.csv"].Rows.Count);
            Assert.Equal(await db.SyncRuns.Where(r => r.DistrictId == home.Id).Select(r => r.Id.ToString()).ToListAsync(), files["sync_runs.csv"].Rows.Select(r => r["run_id"]).ToList());
            Assert.Single(files["sync_issues.csv"].Rows);
            Assert.Equal("home-x", files["sync_issues.csv"].Rows[0]["external_id"]);
            Assert.Single(files["imports.csv"].Rows);
            Assert.Single(files["import_issues.csv"].Rows);
            Assert.StartsWith("'=HYPERLINK", files["sync_runs.csv"].Rows[0]["message"]);
            // The words the pages use, not enum names.
            Assert.Equal(("Nightly", "Succeeded with warnings"), (files["sync_runs.csv"].Rows[0]["trigger"], files["sync_runs.csv"].Rows[0]["status"]));
            Assert.Equal("Errors, not applied", files["imports.csv"].Rows[0]["status"]);

            var actions = await db.AuditEvents.Where(a => a.DistrictId == home.Id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
            Assert.Equal(["district.export-requested", "district.export-downloaded"], actions);
        });
    }

    [Fact]
    public async Task An_export_is_downloadable_for_24_hours_then_its_file_is_deleted_and_other_districts_never_get_it()
    {
        var (home, other, ownerEmail) = await ArrangeAsync();
        var exportId = (await Fixture.SendAsync(new RequestExport.Command(home.Id))).ExportId;
        await Fixture.SendAsync(new ExportQueue.Command("test-worker"));
        using var otherOwner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, other.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOwner.GetAsync($"/district/data?handler=Download&exportId={exportId}")).StatusCode);
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync($"/support/districts/{home.Id}/data?handler=Download&exportId={exportId}")).StatusCode);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/support/districts/{home.Id}/data?handler=Download&exportId={exportId}")).StatusCode);

        await Fixture.ExecuteDbContextAsync(db => db.DistrictExports.Where(e => e.Id == exportId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(1, (await Fixture.SendAsync(new ExportQueue.Command("test-worker"))).Expired);
        Assert.Equal(0, await Fixture.CountAsync<DistrictExportFile>());
        using var owner = Fixture.CreateSession();
        await owner.SignInAsync(ownerEmail, Accounts.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/district/data?handler=Download&exportId={exportId}")).StatusCode);
        Assert.Contains("Expired", (await owner.GetPageAsync("/district/data")).Html);
    }

    [Fact]
    public async Task The_downloaded_zip_is_named_after_the_time_it_was_made_in_the_districts_zone()
    {
        var (home, _, ownerEmail) = await ArrangeAsync();
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == home.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.TimeZoneId, "Asia/Kolkata")));
        var exportId = (await Fixture.SendAsync(new RequestExport.Command(home.Id))).ExportId;
        await Fixture.SendAsync(new ExportQueue.Command("test-worker"));
        // 13:48 UTC is 7:18 PM in Kolkata (UTC+05:30), the time the page shows.
        await Fixture.ExecuteDbContextAsync(db => db.DistrictExports.Where(e => e.Id == exportId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.CompletedAt, new DateTime(2026, 12, 7, 13, 48, 0, DateTimeKind.Utc))));
        using var owner = Fixture.CreateSession();
        await owner.SignInAsync(ownerEmail, Accounts.Password);

        var download = await owner.GetAsync($"/district/data?handler=Download&exportId={exportId}");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("twig-home-export-20261207-1918.zip", download.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
    }

    [Fact]
    public async Task An_export_whose_builder_stopped_half_way_is_built_by_the_next_instance_once_its_claim_lapses()
    {
        var (home, _, _) = await ArrangeAsync();
        var exportId = (await Fixture.SendAsync(new RequestExport.Command(home.Id))).ExportId;
        Task Claim(string worker, int minutes) => Fixture.ExecuteDbContextAsync(db => db.DistrictExports.Where(e => e.Id == exportId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, DistrictExportStatus.Running).SetProperty(e => e.ClaimedBy, worker)
                .SetProperty(e => e.ClaimedUntil, DateTime.UtcNow.AddMinutes(minutes)).SetProperty(e => e.ProgressDone, 4)));

        await Claim("instance-a", minutes: 5);
        Assert.Equal(0, (await Fixture.SendAsync(new ExportQueue.Command("instance-b"))).Built);
        Assert.True((await Fixture.SendAsync(new RequestExport.Command(home.Id))).AlreadyQueued);
        Assert.Equal(("instance-a", DistrictExportStatus.Running), await Fixture.ExecuteDbContextAsync(db =>
            db.DistrictExports.Where(e => e.Id == exportId).Select(e => ValueTuple.Create(e.ClaimedBy, e.Status)).SingleAsync()));

        await Claim("instance-a", minutes: -1);
        Assert.Equal(1, (await Fixture.SendAsync(new ExportQueue.Command("instance-b"))).Built);

        var export = (await Fixture.FindAsync<DistrictExport>(exportId))!;
        Assert.Equal((DistrictExportStatus.Ready, "instance-b", BuildExport.Files.Length), (export.Status, export.ClaimedBy, export.ProgressDone));
        var zip = await Fixture.ExecuteDbContextAsync(db => db.DistrictExportFiles.SingleAsync(f => f.DistrictExportId == exportId));
        Assert.Equal(export.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(zip.Content)));
    }

    [Theory]
    [InlineData("after its first file")]
    [InlineData("as it finishes")]
    public async Task A_build_whose_export_another_instance_took_over_stops_and_keeps_no_zip(string when)
    {
        var (home, _, _) = await ArrangeAsync();
        var exportId = (await Fixture.SendAsync(new RequestExport.Command(home.Id))).ExportId;
        // The claim lapsed while this instance was slow, and instance b claimed the export: before a renewal of the claim, or
        // after the last one, just before the build keeps its zip.
        var renewals = 0;
        var lastRenewal = when == "as it finishes" ? BuildExport.Files.Length : 1;
        Fixture.Services.GetRequiredService<CommandInterleave>().Arm(
            command => command.CommandText.StartsWith("UPDATE \"DistrictExports\" AS \"d\"\nSET \"ProgressDone\"", StringComparison.Ordinal)
                       && ++renewals == lastRenewal,
            $"UPDATE \"DistrictExports\" SET \"ClaimedBy\" = 'instance-b' WHERE \"Id\" = {exportId}", after: when == "as it finishes");

        Assert.Equal(0, (await Fixture.SendAsync(new ExportQueue.Command("instance-a"))).Built);

        var export = (await Fixture.FindAsync<DistrictExport>(exportId))!;
        Assert.Equal((DistrictExportStatus.Running, "instance-b", (string?)null), (export.Status, export.ClaimedBy, export.Sha256));
        Assert.Equal(0, await Fixture.CountAsync<DistrictExportFile>());
    }

    [Fact]
    public async Task The_export_district_command_writes_the_zip_and_refuses_an_unknown_district()
    {
        var (home, _, _) = await ArrangeAsync();
        var path = Path.Combine(Path.GetTempPath(), $"twig-export-{Guid.NewGuid():N}.zip");
        try
        {
            using var output = new StringWriter();
            Assert.Equal(0, await CommandLineRunner.RunAsync(Fixture.Services, ["export-district", "home", path], output, output, CancellationToken.None));
            var files = Unzip(await File.ReadAllBytesAsync(path));
            Assert.Equal(await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == home.Id)), files["people.csv"].Rows.Count);
            Assert.Equal(1, await CommandLineRunner.RunAsync(Fixture.Services, ["export-district", "nowhere", path], output, output, CancellationToken.None));
            Assert.Equal(2, await CommandLineRunner.RunAsync(Fixture.Services, ["export-district", "home"], output, output, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record CsvFile(string Text, IReadOnlyList<string> Header, IReadOnlyList<Dictionary<string, string>> Rows);

    private static Dictionary<string, CsvFile> Unzip(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var files = new Dictionary<string, CsvFile>();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            var text = reader.ReadToEnd();
            var records = Parse(text);
            var header = records[0];
            files[entry.FullName] = new CsvFile(text, header,
                records.Skip(1).Select(r => header.Select((h, i) => (h, v: r[i])).ToDictionary(x => x.h, x => x.v)).ToList());
        }
        return files;
    }

    /// <summary>RFC 4180: quoted cells may hold commas, doubled quotes and line breaks.</summary>
    private static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { record.Add(cell.ToString()); cell.Clear(); records.Add([.. record]); record.Clear(); }
            else cell.Append(c);
        }
        return records;
    }
}
