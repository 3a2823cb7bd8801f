using System.Text.RegularExpressions;
using Twig.Web.Domain;

namespace Twig.Web.Tests.Platform;

/// <summary>
/// The house rules a reviewer would otherwise have to remember: slices don't know each other (they publish mediator
/// events, and LicenseCheck's queries are the one shared kernel), only the composition root reaches into features,
/// no product file grows past what a newcomer can read in one sitting, and every audited action has words.
/// </summary>
public sealed partial class SourceTreeTests
{
    private const int MaxProductFileLines = 250;
    private const string SharedKernel = "LicenseCheck";

    [Fact]
    public void A_feature_references_no_other_feature_but_the_licence_check_kernel()
    {
        var features = Path.Combine(Repository.Root, "Twig.Web", "Features");
        var slices = Directory.GetDirectories(features).Select(Path.GetFileName).ToHashSet();
        var offences =
            from file in SourceFiles(features)
            let owner = FeatureOf(features, file)
            from match in FeatureReference().Matches(File.ReadAllText(file))
            let used = match.Groups["feature"].Value
            where slices.Contains(used) && used != owner && used != SharedKernel
            select $"{Relative(file)} uses {used}";

        AssertNone(offences.Distinct(), "reference another feature (publish an event, or move the shared rule to Domain)");
    }

    [Fact]
    public void Only_the_composition_root_reaches_into_features_from_outside_them()
    {
        var web = Path.Combine(Repository.Root, "Twig.Web");
        var features = Path.Combine(web, "Features") + Path.DirectorySeparatorChar;
        var offences = SourceFiles(web)
            .Where(file => !file.StartsWith(features, StringComparison.Ordinal))
            .Where(file => Path.GetRelativePath(web, file) != "Program.cs")
            .Where(file => FeatureReference().IsMatch(File.ReadAllText(file)))
            .Select(Relative);

        AssertNone(offences, "reach into a feature from outside Features/ (let the feature contribute instead)");
    }

    [Fact]
    public void No_product_file_is_longer_than_a_newcomer_reads_in_one_sitting()
    {
        var products = new[] { "Twig.Web", "Twig.Sandbox" }.Select(p => Path.Combine(Repository.Root, p));
        var offences =
            from file in products.SelectMany(SourceFiles)
            where !file.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            let lines = File.ReadLines(file).Count()
            where lines > MaxProductFileLines
            select $"{Relative(file)}: {lines} lines";

        AssertNone(offences, $"are longer than {MaxProductFileLines} lines (split them by use case)");
    }

    [Fact]
    public void The_rules_see_a_cross_feature_reference_in_either_spelling()
    {
        Assert.Equal("CleverSync", FeatureReference().Match("using Twig.Web.Features.CleverSync.Runs;").Groups["feature"].Value);
        Assert.Equal("Notifications", FeatureReference().Match("typeof(Twig.Web.Features.Notifications.X)").Groups["feature"].Value);
        Assert.DoesNotMatch(FeatureReference(), "@namespace Twig.Web.Features");
    }

    [Fact]
    public void Every_audited_action_reads_in_words()
    {
        var codes = (
            from file in SourceFiles(Path.Combine(Repository.Root, "Twig.Web"))
            from call in AuditRecordAction().Matches(File.ReadAllText(file))
            from code in AuditCode().Matches(call.Value)
            select (File: Relative(file), Code: code.Groups["code"].Value)).ToList();

        Assert.True(codes.Count > 30, $"only {codes.Count} audited actions found: the scan no longer sees audit.Record");
        AssertNone(codes.Where(c => AuditWords.Describe(c.Code) == c.Code).Select(c => $"{c.File}: {c.Code}").Distinct(),
            "record an audit action with no words (add them to Domain/AuditWords.cs)");
    }

    private static void AssertNone(IEnumerable<string> offences, string rule)
    {
        var list = offences.ToList();
        Assert.True(list.Count == 0, $"{list.Count} file(s) {rule}:\n" + string.Join("\n", list));
    }

    [GeneratedRegex(@"\bTwig\.Web\.Features\.(?<feature>[A-Za-z]+)\b")]
    private static partial Regex FeatureReference();

    /// <summary>An audit entry's first argument, its action: up to the first comma.</summary>
    [GeneratedRegex(@"audit\.Record\([^,]*,")]
    private static partial Regex AuditRecordAction();

    [GeneratedRegex(@"""(?<code>[a-z]+(\.[a-z-]+)+)""")]
    private static partial Regex AuditCode();

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>The slice a file belongs to: its first folder under Features (files directly in Features are their own).</summary>
    private static string FeatureOf(string features, string file)
    {
        var relative = Path.GetRelativePath(features, file);
        var slash = relative.IndexOf(Path.DirectorySeparatorChar);
        return slash < 0 ? "" : relative[..slash];
    }

    private static string Relative(string file) => Path.GetRelativePath(Repository.Root, file);

    private static class Repository
    {
        public static readonly string Root = Find();

        private static string Find()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Twig.sln"))) directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("Twig.sln not found above the test's output folder");
        }
    }
}
