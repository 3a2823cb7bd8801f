using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

/// <summary>The command line's parser: help from the parser for the tool and every verb, and usage errors as exit code 2.</summary>
public sealed class CommandLineParserTests(SliceFixture fixture) : SliceTest(fixture)
{
    public static TheoryData<string, string[]> VerbsWithTheirOptions => new()
    {
        { "approve-connection", ["<clever-district-id>", "--district", "--create", "--name", "--seats", "--no-initial-sync"] },
        { "connections", [] },
        { "create-district", ["--name", "--slug", "--seats", "--source", "clever|csv|oneroster"] },
        { "create-staff", ["--email", "--role", "Support|SupportAdmin"] },
        { "delete-district", ["<slug>", "--confirm"] },
        { "export-district", ["<slug>", "<file.zip>"] },
        { "import-classes", ["<district-slug>", "<file>", "--dry-run", "--deactivate"] },
        { "import-oneroster", ["<district-slug>", "<zip>", "--dry-run", "--deactivate", "--passwords"] },
        { "import-users", ["<district-slug>", "<file>", "--dry-run", "--archive"] },
        { "migrate", [] },
        { "reconnect", ["<district-slug>"] },
        { "sync", ["<district-slug>", "--wait"] },
        { "sync-status", ["<district-slug>"] },
    };

    [Fact]
    public async Task Tool_help_lists_every_registered_verb_with_its_summary()
    {
        var registered = Fixture.Services.GetServices<ICommandLineVerb>()
            .Select(v => v.Build(new VerbContext(Fixture.Services, TextWriter.Null, TextWriter.Null))).ToList();

        var (code, output, error) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("Usage:", output);
        Assert.Equal(VerbsWithTheirOptions.Select(row => (string)row[0]).Order(StringComparer.Ordinal),
            registered.Select(c => c.Name).Order(StringComparer.Ordinal));
        foreach (var verb in registered)
        {
            Assert.Contains($"  {verb.Name}", output);
            Assert.Contains(verb.Description![..20], output);
        }
    }

    [Theory]
    [MemberData(nameof(VerbsWithTheirOptions))]
    public async Task Each_verbs_help_prints_its_usage_and_options(string verb, string[] symbols)
    {
        var (code, output, error) = await RunAsync(verb, "--help");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains($" {verb}", output);
        Assert.Contains("Usage:", output);
        foreach (var symbol in symbols) Assert.Contains(symbol, output);
    }

    [Theory]
    [InlineData("--seats", "create-district", "--name", "N", "--slug", "n", "--seats", "many")]
    [InlineData("--seats", "create-district", "--name", "N", "--slug", "n", "--seats", "-3")]
    [InlineData("--source", "create-district", "--name", "N", "--slug", "n", "--seats", "5", "--source", "paper")]
    [InlineData("--role", "create-staff", "--email", "x@twig.test", "--role", "Janitor")]
    [InlineData("--archive", "import-users", "springfield", "users.csv", "--archive", "lots")]
    [InlineData("--deactivate", "import-classes", "springfield", "classes.csv", "--deactivate", "1.5")]
    [InlineData("--deactivate", "import-oneroster", "springfield", "roster.zip", "--deactivate", "-1")]
    [InlineData("--seats", "approve-connection", "c1", "--district", "d", "--create", "--name", "N", "--seats", "many")]
    public async Task A_bad_option_value_exits_2_with_a_message_naming_the_option(string option, params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(CommandLineRunner.UsageExitCode, code);
        Assert.Equal("", output);
        Assert.Contains(option, error.Split('\n')[0]);
        Assert.Contains("Usage:", error);
    }

    [Theory]
    [InlineData("district-slug", "sync")]
    [InlineData("district-slug", "sync-status")]
    [InlineData("district-slug", "reconnect")]
    [InlineData("file", "import-users", "springfield")]
    [InlineData("file", "import-classes", "springfield")]
    [InlineData("zip", "import-oneroster", "springfield")]
    [InlineData("file.zip", "export-district", "springfield")]
    [InlineData("slug", "delete-district")]
    [InlineData("--confirm", "delete-district", "springfield")]
    [InlineData("clever-district-id", "approve-connection", "--district", "d")]
    [InlineData("--name", "approve-connection", "c1", "--district", "d", "--create", "--seats", "5")]
    [InlineData("--slug", "create-district", "--name", "N", "--seats", "5")]
    [InlineData("--role", "create-staff", "--email", "x@twig.test")]
    public async Task A_missing_required_argument_exits_2_and_names_it(string missing, params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(CommandLineRunner.UsageExitCode, code);
        Assert.Equal("", output);
        Assert.Contains($"'{missing}'", error.Split("Description:")[0]); // the errors, before the verb's usage
    }

    [Fact]
    public async Task An_unknown_option_or_extra_argument_exits_2()
    {
        Assert.Equal(CommandLineRunner.UsageExitCode, (await RunAsync("migrate", "--force")).Code);
        Assert.Equal(CommandLineRunner.UsageExitCode, (await RunAsync("sync", "springfield", "extra")).Code);
        Assert.Equal(CommandLineRunner.UsageExitCode, (await RunAsync("export-district", "--colour", "blue", "a", "b.zip")).Code);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLineRunner.RunAsync(Fixture.Services, args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
