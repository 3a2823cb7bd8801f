using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

/// <summary>The operator commands, run as real processes of the built binary.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _database = TwigProcess.TempDatabasePath();

    [Fact]
    public async Task Should_migrate_a_new_database_and_say_so()
    {
        var env = TwigProcess.FreshDatabase(_database);
        env.Remove("Database__MigrateOnStart"); // the verb itself migrates
        var outcome = await TwigProcess.RunAsync(env, "migrate");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Database is up to date", outcome.Output);
        Assert.True(await ScalarAsync("SELECT COUNT(*) FROM __EFMigrationsHistory") > 0);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM Districts")); // the schema is there, still empty
    }

    [Fact]
    public async Task Should_create_a_district_with_its_seats()
    {
        var outcome = await TwigProcess.RunAsync(TwigProcess.FreshDatabase(_database), "create-district", "--name", "Springfield USD", "--slug", "springfield", "--seats", "1200");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Created district 'springfield'", outcome.Output);
        Assert.Equal(1200L, await ScalarAsync("SELECT s.LicensedStudentSeats FROM Subscriptions s JOIN Districts d ON d.Id = s.DistrictId WHERE d.Slug = 'springfield'"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM AuditEvents WHERE Action = 'district.created'"));
    }

    [Fact]
    public async Task Should_refuse_a_duplicate_slug_with_exit_code_2()
    {
        var env = TwigProcess.FreshDatabase(_database);
        await TwigProcess.RunAsync(env, "create-district", "--name", "A", "--slug", "same", "--seats", "1");
        var outcome = await TwigProcess.RunAsync(env, "create-district", "--name", "B", "--slug", "same", "--seats", "1");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("already exists", outcome.Error);
    }

    [Fact]
    public async Task Should_create_a_staff_account_that_can_sign_in_with_its_one_time_password()
    {
        var outcome = await TwigProcess.RunAsync(TwigProcess.FreshDatabase(_database), "create-staff", "--email", "helper@twig.test", "--role", "Support");

        Assert.Equal(0, outcome.ExitCode);
        var password = outcome.Output.Split(':').Last().Trim();
        Assert.Equal(20, password.Length);
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE u.Email = 'helper@twig.test' AND r.Name = 'Support'"));
        Assert.Equal(0L, await ScalarAsync($"SELECT COUNT(*) FROM AspNetUsers WHERE PasswordHash LIKE '%{password}%'"));
        // The first sign-in replaces it.
        Assert.Equal(1L, await ScalarAsync("SELECT MustChangePassword FROM AspNetUsers WHERE Email = 'helper@twig.test'"));
    }

    [Theory]
    [InlineData("create-staff", "--email", "x@twig.test", "--role", "Janitor")]
    [InlineData("create-district", "--name", "No slug", "--seats", "5")]
    [InlineData("create-district", "--name", "N", "--slug", "n", "--seats", "many")]
    [InlineData("create-district", "--name", "N", "--slug", "n", "--seats", "5", "--colour", "blue")]
    [InlineData("frobnicate")]
    public async Task Should_print_usage_and_exit_2_for_bad_input(params string[] args)
    {
        var outcome = await TwigProcess.RunAsync(TwigProcess.FreshDatabase(_database), args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error));
        Assert.DoesNotContain("   at ", outcome.Error);
    }

    [Fact]
    public async Task Unknown_verb_lists_every_command()
    {
        var outcome = await TwigProcess.RunAsync(TwigProcess.FreshDatabase(_database), "frobnicate");

        Assert.Contains("Unknown command 'frobnicate'", outcome.Error);
        foreach (var verb in new[] { "migrate", "create-staff", "create-district" }) Assert.Contains(verb, outcome.Error);
    }

    [Fact]
    public async Task Tool_help_comes_from_the_parser_and_needs_no_database()
    {
        var settings = TwigProcess.FreshDatabase(_database);

        var help = await TwigProcess.RunAsync(settings, "--help");
        var verbHelp = await TwigProcess.RunAsync(settings, "create-district", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.Output);
        foreach (var verb in new[] { "migrate", "create-staff", "create-district", "import-users", "sync" }) Assert.Contains($"  {verb}", help.Output);
        Assert.Equal(0, verbHelp.ExitCode);
        Assert.Contains("--seats", verbHelp.Output);
        // Help answered before start-up work: the database was never migrated.
        Assert.False(File.Exists(_database) && new FileInfo(_database).Length > 0);
    }

    private Task<long> ScalarAsync(string sql) => TwigProcess.ScalarAsync(_database, sql);

    public void Dispose()
    {
        TwigProcess.DeleteDatabase(_database);
    }
}
