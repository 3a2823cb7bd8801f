using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>Support's roster-source page over HTTP: who may change it, what it records.</summary>
public sealed class RosterSourcePageTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task A_support_admin_changes_the_source_and_the_change_is_audited_support_may_not()
    {
        var district = await Fixture.InsertDistrictAsync($"rs-{Guid.NewGuid():N}"[..20]);
        var url = $"/support/districts/{district.Id}/source";
        using (var support = await Fixture.SignedInSessionAsync(TwigRoles.Support))
            Assert.NotEqual(HttpStatusCode.OK, (await support.GetAsync(url)).StatusCode);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        Assert.Contains("Rostered from <strong>Twig CSV (users.csv)</strong>", (await admin.GetPageAsync(url)).Html);

        var posted = await admin.SubmitFormAsync(url, new Dictionary<string, string> { ["Source"] = "OneRoster" });

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var html = (await admin.GetPageAsync(url)).Html;
        Assert.Contains("Rostered from <strong>OneRoster CSV package</strong>", html);
        Assert.Contains("data-testid=\"retiring-source\"", html);
        var saved = await Fixture.FindAsync<District>(district.Id);
        Assert.Equal((RosterSource.OneRoster, RosterSource.Csv), (saved!.RosterSource, saved.RetiringRosterSource));
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.CountAsync(a => a.DistrictId == district.Id && a.Action == "district.roster-source.changed")));
    }
}

/// <summary><c>import-oneroster &lt;slug&gt; &lt;zip&gt; [--dry-run]</c> as a real process, with import-users' exit codes.</summary>
public sealed class ImportOneRosterCommandLineTests : IDisposable
{
    private readonly string _database = TwigProcess.TempDatabasePath();
    private readonly string _zip = Path.Combine(Path.GetTempPath(), $"oneroster-{Guid.NewGuid():N}.zip");

    [Fact]
    public async Task A_dry_run_previews_a_real_run_applies_a_broken_package_exits_1_an_unknown_district_2()
    {
        var env = TwigProcess.FreshDatabase(_database);
        var created = await TwigProcess.RunAsync(env, "create-district", "--name", "Maple", "--slug", "maple", "--seats", "10", "--source", "oneroster");
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        await File.WriteAllBytesAsync(_zip, Packages.Bulk11());

        var dry = await TwigProcess.RunAsync(env, "import-oneroster", "maple", _zip, "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Output + dry.Error);
        Assert.Contains("Preview (bulk: a full snapshot):", dry.Output);
        Assert.Matches(@"people\s+5\s+0\s+0\s+0\s+0", dry.Output);
        Assert.Contains("Dry run: nothing was changed.", dry.Output);
        Assert.Equal(0L, await TwigProcess.ScalarAsync(_database, "SELECT COUNT(*) FROM People"));

        var real = await TwigProcess.RunAsync(env, "import-oneroster", "maple", _zip);
        Assert.True(real.ExitCode == 0, real.Output + real.Error);
        Assert.Equal(5L, await TwigProcess.ScalarAsync(_database, "SELECT COUNT(*) FROM People WHERE Source = 3"));
        // The history shows what the command line's import did, as it does for an upload.
        Assert.Equal(5L, await TwigProcess.ScalarAsync(_database,
            "SELECT Created FROM CsvImports WHERE Status = 3 AND PreviewJson IS NOT NULL ORDER BY Id DESC LIMIT 1"));

        await File.WriteAllBytesAsync(_zip, Packages.Zip(("users.csv", Packages.Users11)));
        var broken = await TwigProcess.RunAsync(env, "import-oneroster", "maple", _zip);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("manifest.csv: The .zip has no manifest.csv at its root", broken.Output);

        var unknown = await TwigProcess.RunAsync(env, "import-oneroster", "atlantis", _zip);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no district with the slug 'atlantis'", unknown.Error);
    }

    [Fact]
    public async Task The_command_line_leaves_out_an_enrollment_that_ended_as_the_page_does()
    {
        var env = TwigProcess.FreshDatabase(_database);
        var created = await TwigProcess.RunAsync(env, "create-district", "--name", "Maple", "--slug", "maple", "--seats", "10", "--source", "oneroster");
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        // Ended long before any day this test runs on: the real clock cannot make it live.
        await File.WriteAllBytesAsync(_zip, Packages.Bulk11(enrollments: Packages.Enrollments11.Replace(
            "e2,,,c1,s1,u1,student,false,,", "e2,,,c1,s1,u1,student,false,2019-08-01,2020-06-30")));

        var real = await TwigProcess.RunAsync(env, "import-oneroster", "maple", _zip);

        Assert.True(real.ExitCode == 0, real.Output + real.Error);
        Assert.Equal(0L, await TwigProcess.ScalarAsync(_database,
            "SELECT COUNT(*) FROM Enrollments e JOIN People p ON p.Id = e.PersonId WHERE p.ExternalId = 'u1' AND e.IsActive = 1"));
        Assert.Equal(1L, await TwigProcess.ScalarAsync(_database,
            "SELECT COUNT(*) FROM CsvImportIssues WHERE Message LIKE '1 enrollment ended before today (%'"));
    }

    [Fact]
    public async Task A_header_only_enrollments_file_exits_1_until_deactivate_names_the_total_the_preview_gives()
    {
        var env = TwigProcess.FreshDatabase(_database);
        var created = await TwigProcess.RunAsync(env, "create-district", "--name", "Maple", "--slug", "maple", "--seats", "10", "--source", "oneroster");
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        await File.WriteAllBytesAsync(_zip, Packages.Bulk11());
        Assert.Equal(0, (await TwigProcess.RunAsync(env, "import-oneroster", "maple", _zip)).ExitCode);
        await File.WriteAllBytesAsync(_zip, Packages.Bulk11(enrollments: Packages.EnrollmentsHeader));

        var dry = await TwigProcess.RunAsync(env, "import-oneroster", "maple", _zip, "--dry-run");
        Assert.Contains("Above the 10 % threshold: Remove 4 enrollments from the classes it keeps; confirm with --deactivate 4.", dry.Output);
        var held = await TwigProcess.RunAsync(env, "import-oneroster", "maple", _zip);
        Assert.Equal(1, held.ExitCode);
        Assert.Equal(4L, await TwigProcess.ScalarAsync(_database, "SELECT COUNT(*) FROM Enrollments WHERE IsActive = 1"));

        var confirmed = await TwigProcess.RunAsync(env, "import-oneroster", "maple", _zip, "--deactivate", "4");
        Assert.True(confirmed.ExitCode == 0, confirmed.Output + confirmed.Error);
        Assert.Equal(0L, await TwigProcess.ScalarAsync(_database, "SELECT COUNT(*) FROM Enrollments WHERE IsActive = 1"));
    }

    public void Dispose()
    {
        TwigProcess.DeleteDatabase(_database);
        File.Delete(_zip);
    }
}
