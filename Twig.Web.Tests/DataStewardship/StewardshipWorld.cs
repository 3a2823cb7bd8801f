using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DataStewardship;

/// <summary>Districts full of data for the stewardship tests: a roster inserted with raw SQL (fast at 20,000 students) and one row of every kind of history.</summary>
public static class StewardshipWorld
{
    /// <summary>Students in classes of 25 with one teacher each, five schools, every person in a school.</summary>
    public static async Task SeedRosterAsync(this SliceFixture fixture, int districtId, int students, string tag)
    {
        var sections = Math.Max(1, students / 25);
        await using var connection = new SqliteConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        async Task Exec(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction;
            command.CommandText = sql
                .Replace("@d", districtId.ToString()).Replace("@tag", tag)
                .Replace("@students", students.ToString()).Replace("@sections", sections.ToString());
            await command.ExecuteNonQueryAsync();
        }
        const string now = "'2026-01-05 10:00:00'";
        await Exec($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5)
            INSERT INTO Schools (DistrictId, Source, ExternalId, IsActive, CreatedAt, UpdatedAt, Name, SisId)
            SELECT @d, 1, '@tag-school-' || i, 1, {now}, {now}, '@tag School ' || i, 'SIS' || i FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @sections)
            INSERT INTO Sections (DistrictId, Source, ExternalId, IsActive, CreatedAt, UpdatedAt, Name, Subject, SchoolId)
            SELECT @d, 1, '@tag-section-' || i, 1, {now}, {now}, 'Science ' || i, 'science',
                   (SELECT MIN(Id) FROM Schools WHERE DistrictId = @d) + (i % 5) FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @students)
            INSERT INTO People (DistrictId, Source, ExternalId, IsActive, CreatedAt, UpdatedAt, FirstName, LastName, Email, NormalizedEmail, SisId, StudentNumber, Grade, Roles, AccessFailedCount)
            SELECT @d, 1, '@tag-student-' || i, 1, {now}, {now}, 'Stu' || i, '@tag Last' || i, 's' || i || '@@tag.test', 'S' || i || '@@TAG.TEST', 'SIS-' || i, 'N' || i, '4', 1, 0 FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @sections)
            INSERT INTO People (DistrictId, Source, ExternalId, IsActive, CreatedAt, UpdatedAt, FirstName, LastName, Email, NormalizedEmail, Roles, AccessFailedCount)
            SELECT @d, 1, '@tag-teacher-' || i, 1, {now}, {now}, 'Tea' || i, '@tag Teacher' || i, 't' || i || '@@tag.test', 'T' || i || '@@TAG.TEST', 2, 0 FROM n;
            INSERT INTO PersonSchools (PersonId, SchoolId)
            SELECT p.Id, (SELECT MIN(Id) FROM Schools WHERE DistrictId = @d) + (p.Id % 5) FROM People p WHERE p.DistrictId = @d;
            INSERT INTO Enrollments (DistrictId, Source, SectionId, PersonId, Role, IsActive, CreatedAt, UpdatedAt)
            SELECT @d, 1, (SELECT MIN(Id) FROM Sections WHERE DistrictId = @d) + ((CAST(SUBSTR(p.ExternalId, LENGTH('@tag-student-') + 1) AS INTEGER) - 1) % @sections), p.Id, 1, 1, {now}, {now}
            FROM People p WHERE p.DistrictId = @d AND p.Roles = 1;
            INSERT INTO Enrollments (DistrictId, Source, SectionId, PersonId, Role, IsActive, CreatedAt, UpdatedAt)
            SELECT @d, 1, (SELECT MIN(Id) FROM Sections WHERE DistrictId = @d) + CAST(SUBSTR(p.ExternalId, LENGTH('@tag-teacher-') + 1) AS INTEGER) - 1, p.Id, 2, 1, {now}, {now}
            FROM People p WHERE p.DistrictId = @d AND p.Roles = 2;
            """);
        await transaction.CommitAsync();
    }

    /// <summary>One row of every kind of district history: a sync run with counts, a warning and a held list; an import with an issue and its file; a notice; a licence alert; an export with its zip.</summary>
    public static async Task SeedHistoryAsync(this SliceFixture fixture, int districtId, string tag)
    {
        var now = DateTime.UtcNow;
        await fixture.InsertAsync(
            new SyncRun
            {
                DistrictId = districtId, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = now.AddHours(-2), Status = SyncRunStatus.SucceededWithWarnings,
                Phase = SyncPhase.Done, FinishedAt = now.AddHours(-2), Message = "=HYPERLINK(\"x\") done",
                Counts = [new SyncRunCount { EntityType = RosterEntityType.Person, Created = 5 }],
                Issues = [new SyncIssue { Severity = IssueSeverity.Warning, EntityType = RosterEntityType.Person, ExternalId = $"{tag}-x", Field = "name.last", Message = "Missing last name" }],
            },
            new CsvImport
            {
                DistrictId = districtId, UploadedBy = "owner@" + tag, UploadedAt = now.AddHours(-1), FileName = "users.csv", Sha256 = "ab", Status = CsvImportStatus.Invalid, RowCount = 2,
                Issues = [new CsvImportIssue { Severity = IssueSeverity.Error, RowNumber = 2, Column = "role", Message = "bad role" }],
            },
            new Notification
            {
                Kind = NotificationKind.SyncFailed, DistrictId = districtId, RecipientUserId = "u-" + tag, RecipientEmail = "owner@" + tag, Subject = "s", TextBody = "t", HtmlBody = "h",
                Link = "/", IdempotencyKey = "seed-" + tag + Guid.NewGuid().ToString("N"), CreatedAt = now,
            },
            new LicenceAlert { DistrictId = districtId, Level = LicenceAlertLevel.NearLimit, ChangedAt = now },
            new DistrictExport { DistrictId = districtId, RequestedBy = "owner@" + tag, RequestedAt = now, Status = DistrictExportStatus.Ready, CompletedAt = now, ExpiresAt = now.AddHours(24), Sha256 = "feed" + tag });
        await fixture.ExecuteDbContextAsync(async db =>
        {
            var run = await db.SyncRuns.Where(r => r.DistrictId == districtId).Select(r => r.Id).FirstAsync();
            var import = await db.CsvImports.Where(i => i.DistrictId == districtId).Select(i => i.Id).FirstAsync();
            var export = await db.DistrictExports.Where(e => e.DistrictId == districtId).Select(e => e.Id).FirstAsync();
            db.HeldDeactivations.Add(new HeldDeactivation { SyncRunId = run, EntityType = RosterEntityType.Person, ExternalId = $"{tag}-student-1", DisplayName = "Stu1" });
            db.CsvImportFiles.Add(new CsvImportFile { CsvImportId = import, Content = [1, 2, 3] });
            db.DistrictExportFiles.Add(new DistrictExportFile { DistrictExportId = export, Content = [4, 5, 6] });
            await db.SaveChangesAsync();
        });
    }

    /// <summary>
    /// Rows of <paramref name="districtId"/> in every table of the EF model that holds district data: a table with a
    /// <c>DistrictId</c>, or one that reaches such a table through its foreign keys (enrollments through sections, issues
    /// through runs). Tables whose rows are meant to survive a deletion (<paramref name="kept"/>) and what hangs only from
    /// them are left out. A table added to the model later is counted without touching this code.
    /// </summary>
    public static async Task<SortedDictionary<string, long>> DistrictRowsAsync(this SliceFixture fixture, int districtId, IReadOnlySet<Type> kept) =>
        await fixture.ExecuteDbContextAsync(async db =>
        {
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            foreach (var type in db.Model.GetEntityTypes().Where(t => t.GetTableName() is not null && !kept.Contains(t.ClrType) && t.ClrType != typeof(District)))
            {
                var alias = 0;
                var condition = Condition(type, districtId, kept, "t0", ref alias, depth: 0);
                if (condition is null) continue;
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM \"{type.GetTableName()}\" t0 WHERE {condition}";
                counts[type.GetTableName()!] = Convert.ToInt64(await command.ExecuteScalarAsync());
            }
            return counts;
        });

    private static string? Condition(IEntityType type, int districtId, IReadOnlySet<Type> kept, string alias, ref int aliases, int depth)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var parts = new List<string>();
        if (type.FindProperty("DistrictId") is { } direct) parts.Add($"{alias}.\"{direct.GetColumnName(table)}\" = {districtId}");
        foreach (var foreignKey in type.GetForeignKeys())
        {
            var principal = foreignKey.PrincipalEntityType;
            if (foreignKey.Properties.Count != 1 || principal == type || depth > 5) continue;
            var column = foreignKey.Properties[0].GetColumnName(table);
            if (principal.ClrType == typeof(District))
            {
                parts.Add($"{alias}.\"{column}\" = {districtId}");
                continue;
            }
            if (kept.Contains(principal.ClrType) || principal.GetTableName() is null) continue;
            var next = $"t{++aliases}";
            var inner = Condition(principal, districtId, kept, next, ref aliases, depth + 1);
            if (inner is null) continue;
            var principalTable = StoreObjectIdentifier.Table(principal.GetTableName()!, principal.GetSchema());
            parts.Add($"EXISTS (SELECT 1 FROM \"{principal.GetTableName()}\" {next} WHERE {next}.\"{foreignKey.PrincipalKey.Properties[0].GetColumnName(principalTable)}\" = {alias}.\"{column}\" AND ({inner}))");
        }
        return parts.Count == 0 ? null : string.Join(" OR ", parts.Distinct());
    }
}
