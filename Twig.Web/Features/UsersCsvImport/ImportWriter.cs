using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>The password a row will store: computed before the write transaction, because PBKDF2 is slow by design.</summary>
public sealed record PreparedPassword(string? SeenHash, string? NewHash);

public sealed record AppliedCounts(int Created, int Updated, int Reactivated, int Archived, int Unchanged);

/// <summary>
/// Writes an <see cref="ImportPlan"/> with batched ADO.NET commands on the EF connection and transaction:
/// multi-row INSERTs and multi-statement UPDATEs of at most ~2,000 parameters (SQL Server's limit is 2,100),
/// so 100,000 people take a few hundred round trips and no change tracking.
/// </summary>
public static class ImportWriter
{
    private const int MaxParameters = 2000;

    /// <summary>
    /// Hashes the passwords that are new or changed, in parallel, before the write transaction opens. A row whose password
    /// matches the stored hash keeps it; checking costs one PBKDF2 run, the same as hashing, so only rows that carry a
    /// password cost anything.
    /// </summary>
    public static Dictionary<string, PreparedPassword> PreparePasswords(ImportPlan plan, IPasswordHasher<Person> hasher, CancellationToken token)
    {
        var work = new List<(string UserId, string Password, string? Existing)>();
        foreach (var row in plan.Creates)
            if (row.Password is not null) work.Add((row.UserId, row.Password, null));
        foreach (var update in plan.Updates)
            if (update.Row.Password is not null) work.Add((update.Row.UserId, update.Row.Password, update.Existing.PasswordHash));
        foreach (var (existing, row) in plan.UnchangedWithPassword)
            work.Add((row.UserId, row.Password!, existing.PasswordHash));

        var results = new ConcurrentDictionary<string, PreparedPassword>(StringComparer.Ordinal);
        Parallel.ForEach(work, new ParallelOptions { CancellationToken = token, MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
        {
            var person = new Person();
            results[item.UserId] = item.Existing is not null && hasher.VerifyHashedPassword(person, item.Existing, item.Password) != PasswordVerificationResult.Failed
                ? new PreparedPassword(item.Existing, null)
                : new PreparedPassword(item.Existing, hasher.HashPassword(person, item.Password));
        });
        return new Dictionary<string, PreparedPassword>(results, StringComparer.Ordinal);
    }

    public static async Task<AppliedCounts> WriteAsync(TwigDb db, ImportPlan plan, DistrictState district,
        IReadOnlyDictionary<string, PreparedPassword> passwords, IPasswordHasher<Person> hasher, DateTime now, CancellationToken token)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The import must be written inside a transaction.");
        var batch = new Batcher(connection, transaction, token);

        string? PasswordFor(string userId, string password, string? existingHash)
        {
            if (passwords.TryGetValue(userId, out var prepared) && prepared.SeenHash == existingHash)
                return prepared.NewHash ?? existingHash;
            // The stored hash changed since the passwords were prepared (a sign-in rehashed it): decide now.
            var person = new Person();
            return existingHash is not null && hasher.VerifyHashedPassword(person, existingHash, password) == PasswordVerificationResult.Success
                ? existingHash
                : hasher.HashPassword(person, password);
        }

        // Schools: names that match no active school are created, or brought back when an earlier import created them.
        var schoolIds = new Dictionary<string, int>(district.Schools, StringComparer.Ordinal);
        foreach (var name in plan.NewSchools)
        {
            var key = UsersCsv.Normalize(name);
            if (district.ArchivedCsvSchools.TryGetValue(key, out var archivedId))
            {
                await batch.ExecuteAsync("UPDATE [Schools] SET [IsActive] = 1, [DeactivatedAt] = NULL, [UpdatedAt] = @p0 WHERE [Id] = @p1", [now, archivedId]);
                schoolIds[key] = archivedId;
            }
            else
            {
                await batch.ExecuteAsync(
                    "INSERT INTO [Schools] ([DistrictId], [Source], [ExternalId], [Name], [IsActive], [CreatedAt], [UpdatedAt]) VALUES (@p0, @p1, @p2, @p3, 1, @p4, @p4)",
                    [district.DistrictId, (int)RosterSource.Csv, key, name, now]);
            }
        }
        if (plan.NewSchools.Count > 0)
        {
            var created = await db.Schools.AsNoTracking()
                .Where(s => s.DistrictId == district.DistrictId && s.Source == RosterSource.Csv && s.IsActive)
                .Select(s => new { s.Id, s.ExternalId }).ToListAsync(token);
            foreach (var school in created) schoolIds.TryAdd(school.ExternalId, school.Id);
        }

        // Archive first, then free the usernames that move, so a swap between two people never collides with the unique index.
        await batch.UpdateInAsync("UPDATE [People] SET [IsActive] = 0, [DeactivatedAt] = @now, [UpdatedAt] = @now WHERE [Id] IN ({0})",
            now, plan.Archives.Select(a => a.Id));
        await batch.UpdateInAsync("UPDATE [People] SET [Username] = NULL, [NormalizedUsername] = NULL, [UpdatedAt] = @now WHERE [Id] IN ({0})",
            now, plan.Updates.Where(u => u.Existing.Username != u.Row.Username && u.Existing.Username is not null).Select(u => u.Existing.Id));

        // Updates and reactivations: one statement per person, many statements per command.
        var updateRows = new List<object?[]>(plan.Updates.Count);
        var updated = 0;
        foreach (var update in plan.Updates)
        {
            var row = update.Row;
            var hash = row.Password is null ? update.Existing.PasswordHash : PasswordFor(row.UserId, row.Password, update.Existing.PasswordHash);
            var passwordChanged = hash != update.Existing.PasswordHash;
            var email = row.Email;
            updateRows.Add([row.FirstName, row.LastName, email, email?.ToUpperInvariant(), row.Username,
                row.Username is null ? null : UsersCsv.Normalize(row.Username), (int)row.Role, hash, passwordChanged ? 1 : 0, now, update.Existing.Id]);
            if (!update.Reactivate) updated++;
        }
        await batch.StatementsAsync(
            "UPDATE [People] SET [FirstName] = {0}, [LastName] = {1}, [Email] = {2}, [NormalizedEmail] = {3}, [Username] = {4}, [NormalizedUsername] = {5}, " +
            "[Roles] = {6}, [PasswordHash] = {7}, [AccessFailedCount] = CASE WHEN {8} = 1 THEN 0 ELSE [AccessFailedCount] END, " +
            "[LockoutEnd] = CASE WHEN {8} = 1 THEN NULL ELSE [LockoutEnd] END, [IsActive] = 1, [DeactivatedAt] = NULL, [UpdatedAt] = {9} WHERE [Id] = {10};",
            11, updateRows);

        // Unchanged rows that carry a password: only the password may have changed.
        var passwordOnly = new List<object?[]>();
        foreach (var (existing, row) in plan.UnchangedWithPassword)
        {
            var hash = PasswordFor(row.UserId, row.Password!, existing.PasswordHash);
            if (hash != existing.PasswordHash) passwordOnly.Add([hash, now, existing.Id]);
        }
        await batch.StatementsAsync("UPDATE [People] SET [PasswordHash] = {0}, [AccessFailedCount] = 0, [LockoutEnd] = NULL, [UpdatedAt] = {1} WHERE [Id] = {2};",
            3, passwordOnly);
        updated += passwordOnly.Count;

        // New people: multi-row inserts.
        var insertRows = new List<object?[]>(plan.Creates.Count);
        foreach (var row in plan.Creates)
        {
            var hash = row.Password is null ? null : PasswordFor(row.UserId, row.Password, null);
            insertRows.Add([district.DistrictId, (int)RosterSource.Csv, row.UserId, row.FirstName, row.LastName, row.Email, row.Email?.ToUpperInvariant(),
                row.Username, row.Username is null ? null : UsersCsv.Normalize(row.Username), hash, (int)row.Role, now]);
        }
        await batch.InsertAsync("[People]",
            "[DistrictId], [Source], [ExternalId], [FirstName], [LastName], [Email], [NormalizedEmail], [Username], [NormalizedUsername], [PasswordHash], [Roles], [CreatedAt]",
            "[AccessFailedCount], [IsActive], [UpdatedAt]", "0, 1, {11}", 12, insertRows);

        // School links: replaced for people whose schools changed, added for new people.
        var relinked = plan.Updates.Where(u => u.SchoolsChanged).Select(u => u.Existing.Id).ToList();
        await batch.UpdateInAsync("DELETE FROM [PersonSchools] WHERE [PersonId] IN ({0})", now, relinked);
        var links = new List<object?[]>();
        foreach (var update in plan.Updates.Where(u => u.SchoolsChanged))
            foreach (var name in update.Row.SchoolNames)
                if (schoolIds.TryGetValue(UsersCsv.Normalize(name), out var schoolId)) links.Add([update.Existing.Id, schoolId]);
        if (plan.Creates.Any(c => c.SchoolNames.Count > 0))
        {
            var ids = await db.People.AsNoTracking()
                .Where(p => p.DistrictId == district.DistrictId && p.Source == RosterSource.Csv)
                .Select(p => new { p.Id, p.ExternalId }).ToDictionaryAsync(p => p.ExternalId, p => p.Id, StringComparer.Ordinal, token);
            foreach (var row in plan.Creates)
                foreach (var name in row.SchoolNames)
                    if (ids.TryGetValue(row.UserId, out var personId) && schoolIds.TryGetValue(UsersCsv.Normalize(name), out var schoolId))
                        links.Add([personId, schoolId]);
        }
        await batch.InsertAsync("[PersonSchools]", "[PersonId], [SchoolId]", null, null, 2, links);

        return new AppliedCounts(plan.Creates.Count, updated, plan.Reactivations, plan.Archives.Count, plan.Unchanged - passwordOnly.Count);
    }

    /// <summary>Stores every issue of an import (there may be one per row of a 200,000-row file) in multi-row inserts.</summary>
    public static async Task InsertIssuesAsync(TwigDb db, int importId, IEnumerable<ImportIssue> issues, CancellationToken token)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Issues must be written inside a transaction.");
        var rows = issues.Select(i => new object?[]
        {
            importId, (int)i.Severity, i.Row, i.Column is { Length: > 100 } c ? c[..100] : i.Column,
            i.Message.Length > 1000 ? i.Message[..999] + "…" : i.Message,
        }).ToList();
        await new Batcher(db.Database.GetDbConnection(), transaction, token)
            .InsertAsync("[CsvImportIssues]", "[CsvImportId], [Severity], [RowNumber], [Column], [Message]", null, null, 5, rows);
    }

    /// <summary>
    /// Sends parameterised SQL in batches. SQL Server gets many rows per command (few round trips); SQLite gets one row per
    /// command, prepared once and re-bound for every row, because it looks parameters up by name one at a time and an
    /// in-process engine has no round trips to save.
    /// </summary>
    private sealed class Batcher(DbConnection connection, DbTransaction transaction, CancellationToken token)
    {
        private readonly bool _sqlite = connection.GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal);

        public async Task ExecuteAsync(string sql, object?[] values)
        {
            await using var command = Create(sql);
            for (var i = 0; i < values.Length; i++) Add(command, $"@p{i}", values[i]);
            await command.ExecuteNonQueryAsync(token);
        }

        /// <summary><paramref name="sql"/> holds <c>{0}</c> where the id list goes and may use <c>@now</c>.</summary>
        public async Task UpdateInAsync(string sql, DateTime now, IEnumerable<int> ids)
        {
            foreach (var chunk in ids.Chunk(_sqlite ? 200 : MaxParameters - 1))
            {
                await using var command = Create(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql,
                    string.Join(", ", chunk.Select((_, i) => $"@i{i}"))));
                if (sql.Contains("@now", StringComparison.Ordinal)) Add(command, "@now", now);
                for (var i = 0; i < chunk.Length; i++) Add(command, $"@i{i}", chunk[i]);
                await command.ExecuteNonQueryAsync(token);
            }
        }

        /// <summary>One statement per row (<c>{n}</c> marks the row's n-th value), as many statements per command as the limit allows.</summary>
        public Task StatementsAsync(string statement, int width, IReadOnlyList<object?[]> rows) =>
            RunAsync(width, rows, Math.Max(1, MaxParameters / width), count =>
            {
                var sql = new StringBuilder();
                for (var r = 0; r < count; r++)
                    sql.AppendFormat(System.Globalization.CultureInfo.InvariantCulture, statement, Names(r, width)).Append('\n');
                return sql.ToString();
            });

        /// <summary>Multi-row INSERT … VALUES (…), (…); <paramref name="constants"/> are extra columns whose values are the same SQL for every row.</summary>
        public Task InsertAsync(string table, string columns, string? constantColumns, string? constants, int width, IReadOnlyList<object?[]> rows) =>
            RunAsync(width, rows, Math.Max(1, Math.Min(MaxParameters / width, 1000)), count =>
            {
                var sql = new StringBuilder($"INSERT INTO {table} ({columns}{(constantColumns is null ? "" : ", " + constantColumns)}) VALUES ");
                for (var r = 0; r < count; r++)
                {
                    var names = Names(r, width);
                    if (r > 0) sql.Append(", ");
                    sql.Append('(').Append(string.Join(", ", names));
                    if (constants is not null) sql.Append(", ").AppendFormat(System.Globalization.CultureInfo.InvariantCulture, constants, names);
                    sql.Append(')');
                }
                return sql.ToString();
            });

        private static object[] Names(int row, int width)
        {
            var names = new object[width];
            for (var c = 0; c < width; c++) names[c] = $"@r{row}c{c}";
            return names;
        }

        /// <summary>Runs <paramref name="rows"/> in chunks; a command is built once per chunk size and re-bound for each chunk.</summary>
        private async Task RunAsync(int width, IReadOnlyList<object?[]> rows, int rowsPerCommand, Func<int, string> sqlFor)
        {
            if (_sqlite) rowsPerCommand = 1;
            DbCommand? command = null;
            var commandRows = 0;
            try
            {
                foreach (var chunk in rows.Chunk(rowsPerCommand))
                {
                    if (command is null || commandRows != chunk.Length)
                    {
                        if (command is not null) await command.DisposeAsync();
                        command = Create(sqlFor(chunk.Length));
                        for (var r = 0; r < chunk.Length; r++)
                            for (var c = 0; c < width; c++) Add(command, $"@r{r}c{c}", null);
                        commandRows = chunk.Length;
                    }
                    for (var r = 0; r < chunk.Length; r++)
                        for (var c = 0; c < width; c++) Set(command.Parameters[r * width + c], chunk[r][c]);
                    await command.ExecuteNonQueryAsync(token);
                }
            }
            finally
            {
                if (command is not null) await command.DisposeAsync();
            }
        }

        private DbCommand Create(string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 300;
            return command;
        }

        private static void Add(DbCommand command, string name, object? value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            Set(parameter, value);
            command.Parameters.Add(parameter);
        }

        private static void Set(DbParameter parameter, object? value)
        {
            parameter.Value = value ?? DBNull.Value;
            // The provider infers the type from each value; DateTime must map to datetime2 on SQL Server, not datetime.
            if (value is DateTime) parameter.DbType = System.Data.DbType.DateTime2;
            else parameter.ResetDbType();
        }
    }
}
