using System.Text;
using Mediator;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// users.csv on the production SQL Server configuration against a district that already has CSV people: the rows that match
/// their stored hash are taken from the compact read, and the few people the file changes or omits are read in full by id
/// (<c>DistrictState.ReadInFullByIdAsync</c>), with their school links, and kept only if still the district's CSV people.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class UsersCsvDryRunTests(SqlServerDryRun dryRun)
{
    // The by-id reads' projections: the all-at-once read selects no district, and reads the links through a join.
    private const string ByIdRead = "SELECT [p].[DistrictId], [p].[Source], [p].[Id],";
    private const string LinksRead = "SELECT [p].[PersonId], [p].[SchoolId]";
    private const int North = 5;
    private static readonly DateTime Yesterday = DateTime.UtcNow.AddDays(-1);

    [Fact]
    public async Task A_few_changed_or_omitted_people_are_read_in_full_by_id_and_another_districts_row_is_not_taken()
    {
        var server = dryRun.Reset();
        // Of 20 people, S000002 is renamed, S000003 and S000004 are left out, S000006 is unchanged but was stored before row
        // hashes existed: those four are read in full, the other sixteen match their stored hash.
        var content = File(Enumerable.Range(1, 20).Where(i => i is not 3 and not 4), i => i == 2 ? "Adelaide" : "Ada");
        var rows = UsersCsv.Parse(content, int.MaxValue).People.ToDictionary(p => p.UserId);
        Script(server, Enumerable.Range(1, 20), i => i switch
        {
            2 or 3 or 4 => 42L,
            6 => null,
            _ => CsvRowHashes.Of(rows[UserId(i)], _ => North),
        });
        // 104 was S000004 to the compact read; by id it is now another district's person (Z000104): that row is not taken, so
        // the plan does not count Z000104 among the people to archive (S000004 stays as the compact read found them).
        server.AnswerEntities(ByIdRead, [Full(102, UserId(2), "Ada")], [Full(103, UserId(3), "Ada")],
            [Full(104, "Z000104", "Mallory", districtId: 2)], [Full(106, UserId(6), "Ada", hash: null)]);
        server.AnswerEntities(LinksRead, [.. new[] { 102, 103, 104, 106 }.Select(id => new object[] { Link(id) })]);

        var uploaded = await dryRun.InScopeAsync(services =>
            services.GetRequiredService<IMediator>().Send(new Upload.Command(1, "users.csv", content)).AsTask());

        Assert.NotNull(uploaded);
        Assert.Equal(CsvImportStatus.Previewed, uploaded.Status);
        var import = Assert.Single(server.Commands, c => c.Text.Contains("INSERT INTO [CsvImports]", StringComparison.Ordinal));
        Assert.Equal((0, 1, 2, 17), (Bound(import, "Created"), Bound(import, "Updated"), Bound(import, "Archived"),
            Bound(import, "Unchanged")));

        var confirmed = await ConfirmAsync(server, uploaded.ImportId, content);

        dryRun.AssertClean();
        Assert.True(confirmed.Outcome == Review.ApplyOutcome.Applied, confirmed.Message);
        Assert.Equal(new AppliedCounts(Created: 0, Updated: 1, Reactivated: 0, Archived: 2, Unchanged: 17), confirmed.Counts);
        // The upload and the confirmation each read the four by id, one parameter per id, then their school links.
        foreach (var read in new[] { ByIdRead, LinksRead })
        {
            var sent = Sent(server, read);
            Assert.Equal(2, sent.Count);
            Assert.All(sent, c => Assert.Equal<object?>([102, 103, 104, 106], c.Parameters.Select(p => p.Value)));
            Assert.All(sent, c => Assert.Contains("Id] IN (@ids1, @ids2, @ids3, @ids4)", c.Text, StringComparison.Ordinal));
        }
        var writes = server.Commands.Where(c => !c.Text.StartsWith("SELECT", StringComparison.Ordinal)).ToList();
        Assert.Contains(writes, c => c.Text.Contains("UPDATE", StringComparison.Ordinal) && Sends(c, "Adelaide") && Sends(c, 102));
        // S000006's links were read, so its schools are unchanged: only its row hash is stored, and no links are replaced.
        var hash = CsvRowHashes.Of(rows[UserId(6)], _ => North)!.Value;
        Assert.Contains(writes, c => c.Text.Contains("[CsvRowHash]", StringComparison.Ordinal) && Sends(c, hash) && Sends(c, 106)
            && !Sends(c, "Ada"));
        Assert.DoesNotContain(writes, c => c.Text.Contains("DELETE", StringComparison.Ordinal)
            && c.Text.Contains("[PersonSchools]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task More_than_a_thousand_people_to_read_by_id_go_in_chunks_under_the_parameter_limit()
    {
        var server = dryRun.Reset();
        // 4,004 people, 1,001 of them left out of the file: a quarter, so read by id, a thousand ids at a time (one
        // parameter each; EF sends the last chunk's one id as "= @ids1").
        var content = File(Enumerable.Range(1002, 3003), _ => "Ada");
        var rows = UsersCsv.Parse(content, int.MaxValue).People.ToDictionary(p => p.UserId);
        Script(server, Enumerable.Range(1, 4004), i => rows.TryGetValue(UserId(i), out var row) ? CsvRowHashes.Of(row, _ => North) : 42L);

        var uploaded = await dryRun.InScopeAsync(services =>
            services.GetRequiredService<IMediator>().Send(new Upload.Command(1, "users.csv", content)).AsTask());

        dryRun.AssertClean();
        Assert.Equal(CsvImportStatus.Previewed, uploaded?.Status);
        var chunks = Sent(server, ByIdRead);
        Assert.Equal([1000, 1], chunks.Select(c => c.Parameters.Count));
        Assert.Equal([1000, 1], Sent(server, LinksRead).Select(c => c.Parameters.Count));
        Assert.Equal(Enumerable.Range(101, 1001), chunks.SelectMany(c => c.Parameters).Select(p => (int)p.Value!));
    }

    [Fact]
    public async Task The_command_line_waits_ten_minutes_for_a_held_district_then_says_it_is_busy_in_one_line()
    {
        const string @lock = "WITH (UPDLOCK, HOLDLOCK, ROWLOCK)";
        var server = dryRun.Reset();
        server.AnswerValues("WHERE [d].[Slug] = ", 1);
        var content = File(Enumerable.Range(1, 3), _ => "Ada");
        var rows = UsersCsv.Parse(content, int.MaxValue).People.ToDictionary(p => p.UserId);
        Script(server, Enumerable.Range(1, 3), i => CsvRowHashes.Of(rows[UserId(i)], _ => North));
        server.Failures.Add((@lock, SqlErrors.Timeout));

        var (code, error) = await dryRun.ImportVerbAsync("import-users", "maple", content, ".csv");

        Assert.Equal(1, code);
        Assert.Equal(DistrictBusyException.Sentence, error.Trim());
        var locks = server.Commands.Where(c => c.Text.Contains(@lock, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(locks);
        Assert.All(locks, c => Assert.Equal(600, c.Timeout));
    }

    [Fact]
    public async Task The_command_line_uploads_and_applies_waiting_ten_minutes_each_time_for_the_district()
    {
        const string @lock = "WITH (UPDLOCK, HOLDLOCK, ROWLOCK)";
        var server = dryRun.Reset();
        server.AnswerValues("WHERE [d].[Slug] = ", 1);
        server.AnswerValues("SELECT TOP(2) [d].[Name]", "Maple"); // the preview's heading
        // One person of twenty renamed: read in full by id, the others matched by their stored hash.
        var content = File(Enumerable.Range(1, 20), i => i == 2 ? "Adelaide" : "Ada");
        var rows = UsersCsv.Parse(content, int.MaxValue).People.ToDictionary(p => p.UserId);
        Script(server, Enumerable.Range(1, 20), i => i == 2 ? 42L : CsvRowHashes.Of(rows[UserId(i)], _ => North));
        server.AnswerEntities(ByIdRead, [Full(102, UserId(2), "Ada")]);
        server.AnswerEntities(LinksRead, [[Link(102)]]);
        server.AnswerEntities("FROM [CsvImports] AS [c]", [new CsvImport
        {
            Id = 1, DistrictId = 1, UploadedBy = "owner", UploadedAt = Yesterday, FileName = "users.csv", SizeBytes = content.Length,
            Sha256 = new string('0', 64), RowCount = 20, Status = CsvImportStatus.Previewed, ExpiresAt = DateTime.UtcNow.AddHours(1),
        }]);
        var stored = await dryRun.InScopeAsync(services =>
            Task.FromResult(services.GetRequiredService<PreviewFileProtector>().Protect(content)));
        server.AnswerEntities("[c].[Content]", [new CsvImportFile { CsvImportId = 1, Content = stored }]);

        var (code, error) = await dryRun.ImportVerbAsync("import-users", "maple", content, ".csv");

        Assert.True(code == 0, error);
        var locks = server.Commands.Where(c => c.Text.Contains(@lock, StringComparison.Ordinal)).ToList();
        Assert.True(locks.Count >= 2, $"{locks.Count} lock(s): the upload and the apply each hold the district");
        Assert.All(locks, c => Assert.Equal(600, c.Timeout));
    }

    /// <summary>The district's reads: its threshold, its CSV people compactly (ids 100 + i), its one school, its licence.</summary>
    private static void Script(DryRunServer server, IEnumerable<int> people, Func<int, long?> storedHash)
    {
        server.AnswerValues("[d].[DeactivationThresholdPercent]", 50);
        var compact = people.Select(i => new object?[] { 100 + i, UserId(i), storedHash(i), true, (int)PersonRoles.Student, 0 }).ToList();
        server.Answer("FROM \"People\" WHERE \"DistrictId\" = @d", (_, columns) => new ResultSet(columns, compact));
        server.AnswerEntities("FROM [Schools] AS [s]",
            [new School { Id = North, Name = "North", IsActive = true, Source = RosterSource.Csv }]);
        server.AnswerEntities("[s].[LicensedStudentSeats]",
            [new Subscription { Status = SubscriptionStatus.Active, LicensedStudentSeats = 10_000 }]);
        server.AnswerEntities("[d].[RosterSource], [c].[Id]",
            [new District { Id = 1, RosterSource = RosterSource.Csv }, new CleverConnection()]);
    }

    private async Task<Review.ApplyResult> ConfirmAsync(DryRunServer server, int importId, byte[] content)
    {
        server.AnswerEntities("FROM [CsvImports] AS [c]", [new CsvImport
        {
            Id = importId, DistrictId = 1, UploadedBy = "owner", UploadedAt = Yesterday, FileName = "users.csv", SizeBytes = content.Length,
            Sha256 = new string('0', 64), RowCount = 18, Status = CsvImportStatus.Previewed, ExpiresAt = DateTime.UtcNow.AddHours(1),
        }]);
        var stored = await dryRun.InScopeAsync(services =>
            Task.FromResult(services.GetRequiredService<PreviewFileProtector>().Protect(content)));
        server.AnswerEntities("[c].[Content]", [new CsvImportFile { CsvImportId = importId, Content = stored }]);
        var confirmed = await dryRun.InScopeAsync(services =>
            services.GetRequiredService<IMediator>().Send(new Review.Command(1, importId, null)).AsTask());
        return Assert.IsType<Review.ApplyResult>(confirmed);
    }

    private static string UserId(int i) => $"S{i:000000}";

    private static byte[] File(IEnumerable<int> people, Func<int, string> firstName)
    {
        var csv = new StringBuilder("user_id,first_name,last_name,username,password,role,email,school_names\r\n");
        foreach (var i in people) csv.Append($"{UserId(i)},{firstName(i)},Lovelace,ada{i},,student,ada{i}@example.org,North\r\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A person as the by-id read selects them (its columns by name), an active student of North by default.</summary>
    private static object Full(int id, string userId, string firstName, long? hash = 42, int districtId = 1) => new
    {
        DistrictId = districtId, Source = (int)RosterSource.Csv, Id = id, ExternalId = userId, FirstName = firstName,
        LastName = "Lovelace", Email = $"ada{id - 100}@example.org", Username = $"ada{id - 100}", PasswordHash = (string?)null,
        Roles = (int)PersonRoles.Student, IsActive = true, RowHash = hash,
    };

    private static object Link(int personId) => new { PersonId = personId, SchoolId = North };

    private static List<CapturedCommand> Sent(DryRunServer server, string fragment) =>
        server.Commands.Where(c => c.Text.Contains(fragment, StringComparison.Ordinal)).ToList();

    private static bool Sends(CapturedCommand command, object value) => command.Parameters.Any(p => Equals(p.Value, value));

    /// <summary>The value an INSERT binds to <paramref name="column"/>.</summary>
    private static int Bound(CapturedCommand insert, string column)
    {
        var statement = DryRunServer.Parse(insert.Text, out _)!.Batches[0].Statements.OfType<InsertStatement>().Single();
        var index = statement.InsertSpecification.Columns.ToList()
            .FindIndex(c => c.MultiPartIdentifier.Identifiers[^1].Value == column);
        var values = (ValuesInsertSource)statement.InsertSpecification.InsertSource;
        var variable = (VariableReference)values.RowValues[0].ColumnValues[index];
        var value = insert.Parameters.Single(p => p.Name == variable.Name).Value;
        return Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
