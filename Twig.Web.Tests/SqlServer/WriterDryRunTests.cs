using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Features.UsersCsvImport;
using ExistingPerson = Twig.Web.Features.UsersCsvImport.ExistingPerson;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// The bulk writer's two callers, the Clever sync apply and the users.csv apply, on the production SQL Server
/// configuration: inside the execution strategy's transaction, with big creates going through the bulk load.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class WriterDryRunTests(SqlServerDryRun dryRun)
{
    private static readonly DateTime Now = new(2026, 9, 1, 7, 30, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Sync_apply_creates_updates_and_deactivates_with_typed_batches_and_bulk_loads()
    {
        var server = dryRun.Reset();
        var plan = new SyncPlan();
        for (var i = 0; i < 3; i++) plan.SchoolsToCreate.Add(new SchoolRecord($"sch-{i}", $"School {i}", "SIS", "12", "K", "5"));
        plan.SchoolsToUpdate.Add((7, new SchoolRecord("sch-old", "Renamed", null, null, null, null)));
        plan.SchoolIds["sch-old"] = 7;
        for (var i = 0; i < 2500; i++)
        {
            var person = new PersonRecord($"p-{i}") { FirstName = "Ada", LastName = $"Lovelace {i}", Email = $"ada{i}@example.org", Roles = PersonRoles.Student, Grade = "4" };
            person.SchoolIds.Add($"sch-{i % 3}");
            plan.PeopleToCreate.Add(person);
            plan.PeopleWithNewSchoolLinks.Add(person);
        }
        for (var i = 0; i < 300; i++)
            plan.PeopleToUpdate.Add((10_000 + i, new PersonRecord($"u-{i}") { FirstName = "Grace", LastName = "Hopper", Roles = PersonRoles.Teacher }));
        for (var i = 0; i < 5; i++)
            plan.SectionsToCreate.Add(new SectionRecord
            {
                Id = $"sec-{i}",
                SchoolId = $"sch-{i % 3}",
                Name = $"Math {i}",
                Subject = "math",
                Grade = "4",
                Period = "1",
                SisId = null,
                TeacherIds = [],
                StudentIds = [],
            });
        plan.SectionsToUpdate.Add((20, new SectionRecord
        {
            Id = "sec-old",
            SchoolId = null,
            Name = "Science",
            Subject = null,
            Grade = null,
            Period = null,
            SisId = null,
            TeacherIds = [],
            StudentIds = [],
        }));
        for (var i = 0; i < 2500; i++) plan.EnrollmentsToCreate.Add(new EnrollmentRef($"sec-{i % 5}", $"p-{i}", EnrollmentRole.Student));
        plan.EnrollmentsToReactivate.AddRange(Enumerable.Range(50_000, 2500));
        plan.EnrollmentPrimaryMarks.AddRange([(70_000, true), (70_001, false)]);
        plan.Deactivations[RosterEntityType.Person].AddRange(Enumerable.Range(30_000, 2100));
        plan.Deactivations[RosterEntityType.School].Add(8);
        plan.Deactivations[RosterEntityType.Section].Add(21);
        plan.Deactivations[RosterEntityType.Enrollment].AddRange(Enumerable.Range(60_000, 10));

        await dryRun.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<TwigDb>();
            var writer = services.GetRequiredService<RosterWriter>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await writer.ApplyAsync(1, plan, Now, new SyncProgressBoard().Track(1), CancellationToken.None);
                await transaction.CommitAsync();
            });
        });

        dryRun.AssertClean();
        // The people, their school links and enrollments are big creates: bulk-loaded, then the people's ids read back once.
        Assert.Equal(["People", "PersonSchools", "Enrollments"], dryRun.BulkCopy.Requests.Select(r => r.Table.Name));
        Assert.Equal(2500, plan.PersonIds.Count);
        Assert.Single(server.Commands, c => c.Text.StartsWith("SELECT [Id], [ExternalId] FROM [People]", StringComparison.Ordinal));
        // The small creates return their ids from the INSERT itself.
        Assert.Contains(server.Commands, c => c.Text.Contains("INSERT INTO [Schools]", StringComparison.Ordinal) && c.Text.Contains("OUTPUT INSERTED.[Id], INSERTED.[ExternalId]", StringComparison.Ordinal));
        Assert.Equal(3 + 1, plan.SchoolIds.Count);
        Assert.Equal(5, plan.SectionIds.Count);
        // Updates are batched and prepared; everything ran in the one transaction.
        Assert.Contains(server.Commands, c => c.Prepared && c.Text.StartsWith("UPDATE [People] SET [FirstName]", StringComparison.Ordinal));
        Assert.Contains(server.Commands, c => c.Text.StartsWith("UPDATE [Enrollments] SET [IsPrimary]", StringComparison.Ordinal));
        Assert.All(server.Commands, c => Assert.True(c.InTransaction, c.Text));
        Assert.Equal(1, server.Transactions);
    }

    [Fact]
    public async Task Users_csv_apply_writes_creates_updates_archives_and_issues_in_typed_batches()
    {
        var server = dryRun.Reset();
        var csv = new StringBuilder("user_id,first_name,last_name,username,password,role,email,school_names\r\n");
        for (var i = 0; i < 2200; i++) csv.Append($"S{i:000000},Ada,Lovelace,ada{i},,student,ada{i}@example.org,North;South\r\n");
        csv.Append("T000001,Grace,Hopper,ghopper,Secret-pass-1,teacher,grace@example.org,North\r\n");
        var file = UsersCsv.Parse(Encoding.UTF8.GetBytes(csv.ToString()), int.MaxValue);
        var existing = new ExistingPerson { Id = 500, ExternalId = "T000001", FirstName = "Grace", LastName = "H", Roles = PersonRoles.Teacher, IsActive = true };
        var leaving = new ExistingPerson { Id = 501, ExternalId = "X000001", FirstName = "Gone", LastName = "Away", Roles = PersonRoles.Student, IsActive = true };
        var district = new DistrictState
        {
            DistrictId = 1,
            ThresholdPercent = 100,
            CsvPeople = new(StringComparer.Ordinal) { [existing.ExternalId] = existing, [leaving.ExternalId] = leaving },
            Usernames = new(StringComparer.Ordinal),
            Schools = new(StringComparer.Ordinal) { [RosterFields.Normalize("North")] = 40 },
            ArchivedCsvSchools = new(StringComparer.Ordinal),
            ActiveStudentsFromOtherSources = 0,
        };
        var plan = ImportPlan.Build(file, district);
        Assert.Empty(plan.Errors);

        var counts = await dryRun.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<TwigDb>();
            var hasher = services.GetRequiredService<IPasswordHasher<Person>>();
            var passwords = ImportWriter.PreparePasswords(plan, hasher, CancellationToken.None);
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                var applied = await ImportWriter.WriteAsync(db, plan, district, passwords, hasher, Now, CancellationToken.None);
                await ImportWriter.InsertIssuesAsync(db, 9, Enumerable.Range(1, 2100).Select(r => new ImportIssue(IssueSeverity.Warning, r, "email", "Looks odd.")), CancellationToken.None);
                await transaction.CommitAsync();
                return applied;
            });
        });

        dryRun.AssertClean();
        Assert.Equal((2200, 1, 1), (counts.Created, counts.Updated, counts.Archived));
        Assert.Equal(["People", "PersonSchools", "CsvImportIssues"], dryRun.BulkCopy.Requests.Select(r => r.Table.Name));
        Assert.Equal(4400 + 1, dryRun.BulkCopy.Requests[1].Rows.Rows.Count);
        Assert.Contains(server.Commands, c => c.Text.Contains("INSERT INTO [Schools]", StringComparison.Ordinal));
        Assert.All(server.Commands, c => Assert.True(c.InTransaction, c.Text));
    }

    [Fact]
    public async Task Heartbeat_is_written_on_its_own_connection_while_the_apply_transaction_is_open()
    {
        var server = dryRun.Reset();
        await dryRun.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<TwigDb>();
            var heartbeat = services.GetRequiredService<SyncHeartbeat>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                // On the apply's own connection a command without its transaction would be refused by the recording connection.
                await using (await heartbeat.StartAsync(5, CancellationToken.None))
                    await services.GetRequiredService<BulkWriter>().Open(db, CancellationToken.None)
                        .UpdateWhereInAsync<Person>([(nameof(Person.UpdatedAt), Now)], nameof(Person.Id), [1, 2, 3]);
                await transaction.CommitAsync();
            });
        });

        dryRun.AssertClean();
        var beat = Assert.Single(server.Commands, c => c.Text.Contains("[HeartbeatAt] = ", StringComparison.Ordinal));
        Assert.False(beat.InTransaction);
        Assert.Contains(beat.Parameters, p => p.Type == System.Data.SqlDbType.DateTime2);
        Assert.True(server.Commands.IndexOf(beat) < server.Commands.FindIndex(c => c.Text.StartsWith("UPDATE [People]", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task School_links_are_deleted_for_at_most_1000_people_a_statement()
    {
        var server = dryRun.Reset();
        await dryRun.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<TwigDb>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await services.GetRequiredService<BulkWriter>().Open(db, CancellationToken.None)
                    .DeleteWhereInAsync<PersonSchool>(nameof(PersonSchool.PersonId), Enumerable.Range(1, 2_500));
                await transaction.CommitAsync();
            });
        });

        dryRun.AssertClean();
        // A person may have several links: 2,000 people's could pass the 5,000 row locks that escalate to a table lock.
        var deletes = server.Commands.Where(c => c.Text.StartsWith("DELETE FROM [PersonSchools]", StringComparison.Ordinal)).ToList();
        Assert.Equal([1_000, 1_000, 500], deletes.Select(d => d.Parameters.Count));
    }
}
