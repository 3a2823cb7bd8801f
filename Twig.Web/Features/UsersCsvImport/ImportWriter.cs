using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Twig.Web.Data.Bulk;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>The password a row will store: computed before the write transaction, because PBKDF2 is slow by design.</summary>
public sealed record PreparedPassword(string? SeenHash, string? NewHash);

public sealed record AppliedCounts(int Created, int Updated, int Reactivated, int Archived, int Unchanged);

/// <summary>
/// Writes an <see cref="ImportPlan"/> with the <see cref="BulkWriter"/> on the EF connection and transaction: no change
/// tracking, and on SQL Server a few hundred round trips (or a bulk load) for 100,000 people.
/// </summary>
public static class ImportWriter
{
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
        var writer = Writer(db, token);
        const RosterSource csv = RosterSource.Csv;
        (string, object)[] scope = [(nameof(Person.DistrictId), district.DistrictId), (nameof(Person.Source), csv)];

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
        var reactivatedSchools = new List<int>();
        var newSchools = new List<object?[]>();
        foreach (var name in plan.NewSchools)
        {
            var key = UsersCsv.Normalize(name);
            if (district.ArchivedCsvSchools.TryGetValue(key, out var archivedId))
            {
                reactivatedSchools.Add(archivedId);
                schoolIds[key] = archivedId;
            }
            else newSchools.Add([district.DistrictId, csv, key, name, true, now, now]);
        }
        await writer.UpdateWhereInAsync<School>(
            [(nameof(School.IsActive), true), (nameof(School.DeactivatedAt), null), (nameof(School.UpdatedAt), now)], nameof(School.Id), reactivatedSchools);
        foreach (var (key, id) in await writer.InsertReturningIdsAsync<School>(
                     [nameof(School.DistrictId), nameof(School.Source), nameof(School.ExternalId), nameof(School.Name), nameof(School.IsActive), nameof(School.CreatedAt), nameof(School.UpdatedAt)],
                     newSchools, nameof(School.ExternalId), scope))
            schoolIds.TryAdd(key, id);

        // Archive first, then free the usernames that move, so a swap between two people never collides with the unique index.
        await writer.UpdateWhereInAsync<Person>(
            [(nameof(Person.IsActive), false), (nameof(Person.DeactivatedAt), now), (nameof(Person.UpdatedAt), now)], nameof(Person.Id), plan.Archives.Select(a => a.Id));
        await writer.UpdateWhereInAsync<Person>(
            [(nameof(Person.Username), null), (nameof(Person.NormalizedUsername), null), (nameof(Person.UpdatedAt), now)], nameof(Person.Id),
            plan.Updates.Where(u => u.Existing.Username != u.Row.Username && u.Existing.Username is not null).Select(u => u.Existing.Id));

        // Updates and reactivations; a new password also clears failed sign-ins and any lockout.
        string[] fields =
        [
            nameof(Person.FirstName), nameof(Person.LastName), nameof(Person.Email), nameof(Person.NormalizedEmail), nameof(Person.Username),
            nameof(Person.NormalizedUsername), nameof(Person.Roles), nameof(Person.PasswordHash), nameof(Person.IsActive), nameof(Person.DeactivatedAt), nameof(Person.UpdatedAt),
        ];
        var samePassword = new List<object?[]>(plan.Updates.Count);
        var newPassword = new List<object?[]>();
        var updated = 0;
        foreach (var update in plan.Updates)
        {
            var row = update.Row;
            var hash = row.Password is null ? update.Existing.PasswordHash : PasswordFor(row.UserId, row.Password, update.Existing.PasswordHash);
            var email = row.Email;
            object?[] values = [row.FirstName, row.LastName, email, email?.ToUpperInvariant(), row.Username,
                row.Username is null ? null : UsersCsv.Normalize(row.Username), row.Role, hash, true, null, now];
            if (hash == update.Existing.PasswordHash) samePassword.Add([.. values, update.Existing.Id]);
            else newPassword.Add([.. values, 0, null, update.Existing.Id]);
            if (!update.Reactivate) updated++;
        }
        await writer.UpdateAsync<Person>(fields, nameof(Person.Id), samePassword);
        await writer.UpdateAsync<Person>([.. fields, nameof(Person.AccessFailedCount), nameof(Person.LockoutEnd)], nameof(Person.Id), newPassword);

        // Unchanged rows that carry a password: only the password may have changed.
        var passwordOnly = new List<object?[]>();
        foreach (var (existing, row) in plan.UnchangedWithPassword)
        {
            var hash = PasswordFor(row.UserId, row.Password!, existing.PasswordHash);
            if (hash != existing.PasswordHash) passwordOnly.Add([hash, 0, null, now, existing.Id]);
        }
        await writer.UpdateAsync<Person>([nameof(Person.PasswordHash), nameof(Person.AccessFailedCount), nameof(Person.LockoutEnd), nameof(Person.UpdatedAt)],
            nameof(Person.Id), passwordOnly);
        updated += passwordOnly.Count;

        // New people.
        var insertRows = new List<object?[]>(plan.Creates.Count);
        foreach (var row in plan.Creates)
        {
            var hash = row.Password is null ? null : PasswordFor(row.UserId, row.Password, null);
            insertRows.Add([district.DistrictId, csv, row.UserId, row.FirstName, row.LastName, row.Email, row.Email?.ToUpperInvariant(),
                row.Username, row.Username is null ? null : UsersCsv.Normalize(row.Username), hash, row.Role, now, 0, true, now]);
        }
        string[] personColumns =
        [
            nameof(Person.DistrictId), nameof(Person.Source), nameof(Person.ExternalId), nameof(Person.FirstName), nameof(Person.LastName), nameof(Person.Email),
            nameof(Person.NormalizedEmail), nameof(Person.Username), nameof(Person.NormalizedUsername), nameof(Person.PasswordHash), nameof(Person.Roles),
            nameof(Person.CreatedAt), nameof(Person.AccessFailedCount), nameof(Person.IsActive), nameof(Person.UpdatedAt),
        ];
        // Ids come back only when school links need them (RETURNING costs SQLite a little on every row).
        var createdIds = plan.Creates.Any(c => c.SchoolNames.Count > 0)
            ? await writer.InsertReturningIdsAsync<Person>(personColumns, insertRows, nameof(Person.ExternalId), scope)
            : null;
        if (createdIds is null) await writer.InsertAsync<Person>(personColumns, insertRows);

        // School links: replaced for people whose schools changed, added for new people.
        await writer.DeleteWhereInAsync<PersonSchool>(nameof(PersonSchool.PersonId), plan.Updates.Where(u => u.SchoolsChanged).Select(u => u.Existing.Id));
        var links = new List<object?[]>();
        foreach (var update in plan.Updates.Where(u => u.SchoolsChanged))
            foreach (var name in update.Row.SchoolNames)
                if (schoolIds.TryGetValue(UsersCsv.Normalize(name), out var schoolId)) links.Add([update.Existing.Id, schoolId]);
        if (createdIds is not null)
            foreach (var row in plan.Creates)
                foreach (var name in row.SchoolNames)
                    if (createdIds.TryGetValue(row.UserId, out var personId) && schoolIds.TryGetValue(UsersCsv.Normalize(name), out var schoolId))
                        links.Add([personId, schoolId]);
        await writer.InsertAsync<PersonSchool>([nameof(PersonSchool.PersonId), nameof(PersonSchool.SchoolId)], links);

        return new AppliedCounts(plan.Creates.Count, updated, plan.Reactivations, plan.Archives.Count, plan.Unchanged - passwordOnly.Count);
    }

    /// <summary>Stores every issue of an import (there may be one per row of a 200,000-row file) in batches.</summary>
    public static async Task InsertIssuesAsync(TwigDb db, int importId, IEnumerable<ImportIssue> issues, CancellationToken token)
    {
        var rows = issues.Select(i => new object?[]
        {
            importId, i.Severity, i.Row, i.Column is { Length: > 100 } c ? c[..100] : i.Column,
            i.Message.Length > 1000 ? i.Message[..999] + "…" : i.Message, i.File,
        }).ToList();
        await Writer(db, token).InsertAsync<CsvImportIssue>(
            [nameof(CsvImportIssue.CsvImportId), nameof(CsvImportIssue.Severity), nameof(CsvImportIssue.RowNumber), nameof(CsvImportIssue.Column), nameof(CsvImportIssue.Message), nameof(CsvImportIssue.File)], rows);
    }

    /// <summary>The app's one bulk writer, from the services the context was created with (callers only hold a <see cref="TwigDb"/>).</summary>
    private static BulkSession Writer(TwigDb db, CancellationToken token) => db.GetService<BulkWriter>().Open(db, token);
}
