using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary><c>dotnet Twig.Web.dll import-classes &lt;slug&gt; &lt;file&gt; [--dry-run]</c>, run as a real process, with import-users' exit codes.</summary>
public sealed class ImportClassesCommandLineTests : IDisposable
{
    private readonly string _database = TwigProcess.TempDatabasePath();
    private readonly string _users = Path.Combine(Path.GetTempPath(), $"users-{Guid.NewGuid():N}.csv");
    private readonly string _classes = Path.Combine(Path.GetTempPath(), $"classes-{Guid.NewGuid():N}.csv");

    [Fact]
    public async Task A_dry_run_writes_nothing_a_real_run_applies_errors_exit_1_and_an_unknown_district_exits_2()
    {
        var env = TwigProcess.FreshDatabase(_database);
        var created = await TwigProcess.RunAsync(env, "create-district", "--name", "Springfield", "--slug", "springfield", "--seats", "10");
        Assert.True(created.ExitCode == 0, created.Output + created.Error);
        await File.WriteAllTextAsync(_users, ClassFiles.People());
        Assert.Equal(0, (await TwigProcess.RunAsync(env, "import-users", "springfield", _users)).ExitCode);
        await File.WriteAllTextAsync(_classes, ClassFiles.File(ClassFiles.Row("c1", "t1", "s1;s2"), ClassFiles.Row("c2", "t2", "s3")));

        var dry = await TwigProcess.RunAsync(env, "import-classes", "springfield", _classes, "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Output + dry.Error);
        Assert.Contains("classes: 2 create, 0 update, 0 reactivate, 0 deactivate, 0 unchanged", dry.Output);
        Assert.Contains("enrollments: 5 in the file, 5 to add, 0 to remove", dry.Output);
        Assert.Contains("Dry run: nothing was changed.", dry.Output);
        Assert.Equal(0L, await TwigProcess.ScalarAsync(_database, "SELECT COUNT(*) FROM Sections"));

        var real = await TwigProcess.RunAsync(env, "import-classes", "springfield", _classes);
        Assert.True(real.ExitCode == 0, real.Output + real.Error);
        Assert.Contains("Classes: 2 created", real.Output);
        Assert.Equal(5L, await TwigProcess.ScalarAsync(_database, "SELECT COUNT(*) FROM Enrollments WHERE IsActive = 1 AND Source = 2"));

        await File.WriteAllTextAsync(_classes, ClassFiles.File(ClassFiles.Row("c1", "s1", "s2")));
        var bad = await TwigProcess.RunAsync(env, "import-classes", "springfield", _classes);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("classes.csv row 2, teacher_ids: teacher_ids names \"s1\", who is a student", bad.Output);

        var unknown = await TwigProcess.RunAsync(env, "import-classes", "atlantis", _classes);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no district with the slug 'atlantis'", unknown.Error);
    }

    public void Dispose()
    {
        TwigProcess.DeleteDatabase(_database);
        File.Delete(_users);
        File.Delete(_classes);
    }
}
