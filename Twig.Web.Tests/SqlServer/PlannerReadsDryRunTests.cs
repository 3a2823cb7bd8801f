using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// The planner's own reads on the production SQL Server configuration, driven through the planner's code (not copies of
/// its SQL): the compared enrollments by section or by one pass, the active count, and the names of whom a run would
/// deactivate, each parsed as T-SQL and kept to the district.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class PlannerReadsDryRunTests(SqlServerDryRun dryRun)
{
    [Fact]
    public async Task A_few_changed_sections_are_read_by_id_and_then_counted()
    {
        var server = dryRun.Reset();
        var active = await dryRun.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<TwigDb>();
            await using var reader = new RosterReader(db, 1);
            return await EnrollmentReads.ReadAsync(db, reader, 1, sectionsInDistrict: 40_000, Enumerable.Range(1, 1_500).ToList(),
                pairs: [], _ => { }, () => true, prefetch: null, CancellationToken.None);
        });

        dryRun.AssertClean();
        Assert.NotNull(active);
        Assert.Equal(2, server.Commands.Count(c => c.Text.Contains("\"SectionId\" IN (", StringComparison.Ordinal)));
        Assert.Contains(server.Commands, c => c.Text.StartsWith("SELECT COUNT(*) FROM \"Enrollments\"", StringComparison.Ordinal)
            && c.Text.Contains("\"DistrictId\"=@d", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Most_sections_changed_are_read_in_one_pass_over_the_district_that_also_counts()
    {
        var server = dryRun.Reset();
        await dryRun.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<TwigDb>();
            await using var reader = new RosterReader(db, 1);
            return await EnrollmentReads.ReadAsync(db, reader, 1, sectionsInDistrict: 10_000, Enumerable.Range(1, 5_000).ToList(),
                pairs: [], _ => { }, () => true, prefetch: null, CancellationToken.None);
        });

        dryRun.AssertClean();
        var read = Assert.Single(server.Commands);
        Assert.Contains("FROM \"Enrollments\"", read.Text, StringComparison.Ordinal);
        Assert.Contains("\"DistrictId\"=@d AND \"Source\"=@s", read.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_names_of_whom_a_run_would_deactivate_are_read_within_the_district()
    {
        var server = dryRun.Reset();
        server.Answer("FROM \"People\"", (_, columns) =>
            new ResultSet(columns, [[7, "Ada", "Lovelace", (int)PersonRoles.Student]]));
        server.Answer("FROM \"Sections\"", (_, columns) => new ResultSet(columns, [[9, "Algebra"]]));
        var plan = await dryRun.InScopeAsync(async services =>
        {
            var index = new RosterIndex();
            index.People["p-1"] = new IndexedRecord { Id = 7, IsActive = true, IsStudent = true };
            index.Sections["s-1"] = new IndexedRecord { Id = 9, IsActive = true };
            return await SyncPlanner.PlanAsync(new CleverChanges(), index, services.GetRequiredService<TwigDb>(), 1,
                CancellationToken.None);
        });

        dryRun.AssertClean();
        Assert.Equal(1, plan.Counts[RosterEntityType.Person].Deactivated);
        Assert.Equal(1, plan.Counts[RosterEntityType.Section].Deactivated);
        Assert.Contains(plan.DeactivationList, h => h.DisplayName.StartsWith("Ada Lovelace", StringComparison.Ordinal));
        Assert.Contains(plan.DeactivationList, h => h.DisplayName == "Algebra");
        var names = server.Commands.Where(c => c.Text.Contains("\"Id\" IN (", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, names.Count);
        Assert.All(names, c => Assert.Contains("+\"DistrictId\"=@d", c.Text, StringComparison.Ordinal));
    }
}
