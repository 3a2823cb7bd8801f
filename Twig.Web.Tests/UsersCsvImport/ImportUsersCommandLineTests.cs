using Microsoft.Data.Sqlite;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary><c>dotnet Twig.Web.dll import-users &lt;slug&gt; &lt;file&gt; [--dry-run]</c>, run as a real process.</summary>
public sealed class ImportUsersCommandLineTests : IDisposable
{
    private readonly string _database = TwigProcess.TempDatabasePath();
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"users-{Guid.NewGuid():N}.csv");

    [Fact]
    public async Task A_dry_run_prints_the_preview_and_writes_nothing_then_a_real_run_applies()
    {
        var env = TwigProcess.FreshDatabase(_database);
        var created = await TwigProcess.RunAsync(env, "create-district", "--name", "Springfield", "--slug", "springfield", "--seats", "10");
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        await File.WriteAllTextAsync(_file, CsvFiles.File(CsvFiles.Row("s1", username: "kid1", password: "password-1"), CsvFiles.Row("t1", "teacher", email: "t@example.org")));

        var dry = await TwigProcess.RunAsync(env, "import-users", "springfield", _file, "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Output + dry.Error);
        Assert.Contains("Preview (nothing written yet):", dry.Output);
        Assert.Matches(@"student\s+1\s+0\s+0\s+0\s+0", dry.Output);
        Assert.Contains("Dry run: nothing was changed.", dry.Output);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM People"));

        var real = await TwigProcess.RunAsync(env, "import-users", "springfield", _file);
        Assert.Equal(0, real.ExitCode);
        Assert.Contains("Applied: 2 created", real.Output);
        Assert.Equal(2L, await ScalarAsync("SELECT COUNT(*) FROM People"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM AuditEvents WHERE Action = 'csv.applied' AND Actor LIKE 'command line%'"));
    }

    [Fact]
    public async Task A_file_with_errors_prints_them_and_exits_1()
    {
        var env = TwigProcess.FreshDatabase(_database);
        await TwigProcess.RunAsync(env, "create-district", "--name", "Springfield", "--slug", "springfield", "--seats", "10");
        await File.WriteAllTextAsync(_file, CsvFiles.File(CsvFiles.Row("s1", "pupil")));

        var outcome = await TwigProcess.RunAsync(env, "import-users", "springfield", _file, "--dry-run");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("row 2, role: role \"pupil\" is not student, teacher or administrator.", outcome.Output);
    }

    [Fact]
    public async Task An_unknown_district_is_a_usage_error()
    {
        var outcome = await TwigProcess.RunAsync(TwigProcess.FreshDatabase(_database), "import-users", "atlantis", _file);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("no district with the slug 'atlantis'", outcome.Error);
    }

    [Fact]
    public async Task Redirected_output_shows_each_step_as_a_plain_progress_line()
    {
        var env = TwigProcess.FreshDatabase(_database);
        await TwigProcess.RunAsync(env, "create-district", "--name", "Springfield", "--slug", "springfield", "--seats", "10");
        await File.WriteAllTextAsync(_file, CsvFiles.File(CsvFiles.Row("s1", username: "kid1", password: "password-1")));

        var outcome = await TwigProcess.RunAsync(env, "import-users", "springfield", _file);

        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        var lines = outcome.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var checking = lines.IndexOf($"  Checking {Path.GetFileName(_file)}…");
        var preview = lines.IndexOf("  Building the preview…");
        var applying = lines.IndexOf("  Applying…");
        Assert.True(checking >= 0 && checking < preview && preview < applying, outcome.Output);
        Assert.DoesNotContain("\u001b[", outcome.Output); // no terminal control codes when redirected
    }

    private Task<long> ScalarAsync(string sql) => TwigProcess.ScalarAsync(_database, sql);

    public void Dispose()
    {
        TwigProcess.DeleteDatabase(_database);
        File.Delete(_file);
    }
}
