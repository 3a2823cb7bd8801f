using System.Text;
using Mediator;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.OneRosterImport;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// A OneRoster package previewed and then confirmed on the production SQL Server configuration: the package is read and
/// planned before any transaction (only SELECTs run outside one), the confirm reads the district again and writes every
/// row inside its transaction, the large creates going through SqlBulkCopy.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class OneRosterDryRunTests(SqlServerDryRun dryRun)
{
    private const string Lock = "WITH (UPDLOCK, HOLDLOCK, ROWLOCK)";

    /// <summary>
    /// The district's own columns from the entity; the projections' computed ones (a Clever connection, the seats) by name.
    /// </summary>
    private static void AnswerDistrict(DryRunServer server)
    {
        var district = new District { Id = 1, Name = "Maple", Slug = "maple", RosterSource = RosterSource.OneRoster, DeactivationThresholdPercent = 10, CreatedAt = DateTime.UtcNow.AddDays(-1) };
        server.Answer("FROM [Districts] AS [d]", (_, columns) => new ResultSet(columns, [columns.Select(column => column switch
        {
            "Clever" => false,
            "Seats" => 5000,
            _ => typeof(District).GetProperty(column)?.GetValue(district) is { } value ? value is Enum ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : value : null,
        }).ToArray()]));
        // The licence check every roster source asks (PlanCheck).
        server.AnswerEntities("FROM [Subscriptions] AS [s]", [new Subscription { Id = 4, DistrictId = 1, Status = SubscriptionStatus.Active,
            LicensedStudentSeats = 5000, StartsOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)) }]);
    }

    [Fact]
    public async Task The_command_line_waits_ten_minutes_for_a_held_district_then_says_it_is_busy_in_one_line()
    {
        var server = dryRun.Reset();
        AnswerDistrict(server);
        server.Failures.Add((Lock, SqlErrors.Timeout));

        var (code, error) = await dryRun.ImportVerbAsync("import-oneroster", "maple", Packages.Bulk11(), ".zip");

        Assert.Equal(1, code);
        Assert.Equal(DistrictBusyException.Sentence, error.Trim());
        Assert.Contains(server.Commands, c => c.Text.Contains(Lock, StringComparison.Ordinal));
        Assert.All(server.Commands.Where(c => c.Text.Contains(Lock, StringComparison.Ordinal)), c => Assert.Equal(600, c.Timeout));
    }

    [Fact]
    public async Task A_preview_then_its_confirm_read_outside_the_transaction_and_write_only_inside_it()
    {
        var server = dryRun.Reset();
        AnswerDistrict(server);
        // Enough students that the people and enrollments are bulk loads (and the read-back of their ids is answered from them).
        var users = new StringBuilder(Packages.Users11);
        var enrollments = new StringBuilder(Packages.Enrollments11);
        for (var i = 0; i < 2100; i++)
        {
            users.Append($"b{i:0000},,,true,s1,student,,,Bea,Student{i},,,,,,,03,\r\n");
            enrollments.Append($"eb{i:0000},,,c1,s1,b{i:0000},student,false,,\r\n");
        }
        var package = Packages.Bulk11(users: users.ToString(), enrollments: enrollments.ToString());

        var preview = await dryRun.InScopeAsync(services =>
            services.GetRequiredService<IMediator>().Send(new ImportOneRoster.Command(1, "roster.zip", package, DryRun: true)).AsTask());
        Assert.True(preview.Outcome == ImportOneRoster.Outcome.Previewed, preview.Message);
        var confirm = await dryRun.InScopeAsync(services =>
            services.GetRequiredService<IMediator>().Send(new ImportOneRoster.Command(1, "roster.zip", package, DryRun: false,
                LockWait: DistrictLock.Background)).AsTask());

        dryRun.AssertClean();
        Assert.True(confirm.Outcome == ImportOneRoster.Outcome.Applied, confirm.Message + string.Join("; ", confirm.Issues));
        Assert.Equal(preview.Preview, confirm.Preview);
        Assert.Equal(2105, confirm.Preview!.PeopleCreated);
        Assert.True(server.AssertDistrictHeldFirst(1, "CsvImports", "People", "Schools") >= 1);
        Assert.Contains(dryRun.BulkCopy.Requests, r => r.Table.Name == "People" && r.Rows.Rows.Count == 2105);
        Assert.Contains(dryRun.BulkCopy.Requests, r => r.Table.Name == "Enrollments");
        Assert.All(server.Commands.Where(c => !c.InTransaction), c => Assert.StartsWith("SELECT", c.Text, StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.InTransaction && c.Text.Contains("INSERT INTO [Sections]", StringComparison.Ordinal));
        // The preview (a page's) waits 15 s for the district; the confirm as the command line sends it, 10 minutes.
        var locks = server.Commands.Where(c => c.Text.Contains("WITH (UPDLOCK, HOLDLOCK, ROWLOCK)", StringComparison.Ordinal)).ToList();
        Assert.Equal([15, 600], locks.Select(c => c.Timeout).Distinct());
        Assert.Equal(600, locks[^1].Timeout);
    }
}
