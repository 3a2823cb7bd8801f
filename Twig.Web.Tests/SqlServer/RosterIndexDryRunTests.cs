using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// The sync's own reads of Twig's copy (the compact index and the by-id reads of the planner) on the production SQL Server
/// configuration: each statement parses as T-SQL and ids are sent in chunks that stay far from SQL Server's limits.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class RosterIndexDryRunTests(SqlServerDryRun dryRun)
{
    [Fact]
    public async Task The_index_and_the_chunked_reads_are_valid_t_sql()
    {
        var server = dryRun.Reset();
        var index = await dryRun.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<TwigDb>();
            var loaded = await RosterIndex.LoadAsync(db, 1, CancellationToken.None);
            await using var reader = new RosterReader(db, 1);
            await reader.ReadInAsync("""SELECT "Id","FirstName","LastName","Roles" FROM "People" WHERE "DistrictId"=@d AND "Source"=@s AND "Id" IN ({0})""",
                Enumerable.Range(1, 2_500), _ => { }, CancellationToken.None);
            return loaded;
        });

        dryRun.AssertClean();
        Assert.Empty(index.People);
        Assert.Contains(server.Commands, c => c.Text.Contains("FROM \"Schools\"", StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.Text.Contains("FROM \"Sections\"", StringComparison.Ordinal));
        // The count that sizes the index's dictionaries runs first, on SQL Server too.
        Assert.StartsWith("SELECT (SELECT COUNT(*) FROM \"People\"", server.Commands[0].Text, StringComparison.Ordinal);
        var chunks = server.Commands.Where(c => c.Text.Contains("\"Id\" IN (", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(["@d", "@s"], c.Parameters.Select(p => p.Name)));
    }

    [Fact]
    public async Task The_index_rows_read_through_the_data_reader_carry_their_values()
    {
        // On SQL Server the index's rows come through the data reader (SQLite steps them natively): the same row cursor reads them.
        var server = dryRun.Reset();
        server.Answer("SELECT (SELECT COUNT(*)", (_, columns) => new ResultSet(columns, [[1, 1]]));
        server.Answer("""SELECT "Id","ExternalId","Name","RecordHash","IsActive" FROM "Schools" """,
            (_, columns) => new ResultSet(columns, [[3, "sch-1", "Lincoln", null, true]]));
        server.Answer("""SELECT "Id","ExternalId","RecordHash","IsActive","Roles" FROM "People" """,
            (_, columns) => new ResultSet(columns, [[7, "stu-1", 42L, true, (int)PersonRoles.Student]]));
        server.Answer("""SELECT "Id","ExternalId","RecordHash","MembershipHash","IsActive" FROM "Sections" """,
            (_, columns) => new ResultSet(columns, [[9, "sec-1", 43L, null, false]]));

        var index = await dryRun.InScopeAsync(services =>
            RosterIndex.LoadAsync(services.GetRequiredService<TwigDb>(), 1, CancellationToken.None));

        dryRun.AssertClean();
        Assert.Equal(new IndexedSchool(3, "Lincoln", true) { Hash = null }, index.Schools["sch-1"]);
        var person = index.People["stu-1"];
        Assert.Equal((7, 42L, true, true), (person.Id, person.Hash, person.IsActive, person.IsStudent));
        var section = index.Sections["sec-1"];
        Assert.Equal((9, 43L, null, false), (section.Id, section.Hash, section.Membership, section.IsActive));
    }

    [Fact]
    public async Task The_events_mode_count_and_the_by_section_enrollment_reads_are_valid_t_sql()
    {
        var server = dryRun.Reset();
        await dryRun.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<TwigDb>();
            await RosterIndex.LoadAsync(db, 1, CancellationToken.None, countActiveEnrollments: true);
            await using var reader = new RosterReader(db, 1);
            // The planner's and the events change set's reads of changed sections: by section id alone (see SyncPlanner).
            await reader.ReadInAsync("""SELECT "Id","SectionId","PersonId","Role","IsActive" FROM "Enrollments" WHERE "Source"=@s AND "SectionId" IN ({0})""",
                Enumerable.Range(1, 1_500), _ => { }, CancellationToken.None);
            await reader.ReadInAsync("""SELECT COUNT(*) FROM "Enrollments" WHERE "Source"=@s AND "IsActive"=1 AND "SectionId" IN ({0})""",
                Enumerable.Range(1, 1_500), _ => { }, CancellationToken.None);
            return true;
        });

        dryRun.AssertClean();
        Assert.Contains(server.Commands, c => c.Text.StartsWith("SELECT COUNT(*) FROM \"Enrollments\"", StringComparison.Ordinal) && c.Text.Contains("\"IsActive\"=1", StringComparison.Ordinal));
        Assert.Equal(4, server.Commands.Count(c => c.Text.Contains("\"SectionId\" IN (", StringComparison.Ordinal)));
    }
}
