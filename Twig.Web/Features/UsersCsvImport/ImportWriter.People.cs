using Microsoft.AspNetCore.Identity;
using Twig.Web.Data.Bulk;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

public static partial class ImportWriter
{
    private static readonly string[] UpdatedFields =
    [
        nameof(Person.FirstName), nameof(Person.LastName), nameof(Person.Email), nameof(Person.NormalizedEmail), nameof(Person.Username),
        nameof(Person.NormalizedUsername), nameof(Person.Roles), nameof(Person.PasswordHash), nameof(Person.IsActive),
        nameof(Person.DeactivatedAt), nameof(Person.UpdatedAt), nameof(Person.CsvRowHash),
    ];

    private static readonly string[] CreatedFields =
    [
        nameof(Person.DistrictId), nameof(Person.Source), nameof(Person.ExternalId), nameof(Person.FirstName), nameof(Person.LastName),
        nameof(Person.Email), nameof(Person.NormalizedEmail), nameof(Person.Username), nameof(Person.NormalizedUsername),
        nameof(Person.PasswordHash), nameof(Person.Roles), nameof(Person.CreatedAt), nameof(Person.AccessFailedCount),
        nameof(Person.IsActive), nameof(Person.UpdatedAt), nameof(Person.CsvRowHash),
    ];

    /// <summary>
    /// Updates and reactivations; a new password also clears failed sign-ins and any lockout. Returns the updates (not
    /// reactivations) and the passwords that changed.
    /// </summary>
    private static async Task<(int Updated, int PasswordsChanged)> WriteUpdatesAsync(BulkSession writer, ImportPlan plan,
        IReadOnlyDictionary<string, PreparedPassword> passwords, IPasswordHasher<Person> hasher, Func<string, int?> schoolId,
        DateTime now)
    {
        var samePassword = new List<object?[]>(plan.Updates.Count);
        var newPassword = new List<object?[]>();
        var updated = 0;
        var passwordsChanged = 0;
        foreach (var update in plan.Updates)
        {
            var row = update.Row;
            var hash = row.Password is null
                ? update.Existing.PasswordHash
                : PasswordFor(passwords, hasher, row.UserId, row.Password, update.Existing.PasswordHash);
            var email = row.Email;
            object?[] values = [row.FirstName, row.LastName, email, SignInName.StoredKey(email), row.Username,
                SignInName.StoredKey(row.Username), row.Role, hash, true, null, now, CsvRowHashes.Of(row, schoolId)];
            if (hash == update.Existing.PasswordHash) samePassword.Add([.. values, update.Existing.Id]);
            else
            {
                newPassword.Add([.. values, 0, null, update.Existing.Id]);
                passwordsChanged++;
            }
            if (!update.Reactivate) updated++;
        }
        await writer.UpdateAsync<Person>(UpdatedFields, nameof(Person.Id), samePassword);
        await writer.UpdateAsync<Person>(
            [.. UpdatedFields, nameof(Person.AccessFailedCount), nameof(Person.LockoutEnd)], nameof(Person.Id), newPassword);
        return (updated, passwordsChanged);
    }

    /// <summary>Unchanged rows that carry a password: only the password may have changed. Returns how many did.</summary>
    private static async Task<int> WritePasswordOnlyChangesAsync(BulkSession writer, ImportPlan plan,
        IReadOnlyDictionary<string, PreparedPassword> passwords, IPasswordHasher<Person> hasher, DateTime now)
    {
        var changed = new List<object?[]>();
        foreach (var (existing, row) in plan.UnchangedWithPassword)
        {
            var hash = PasswordFor(passwords, hasher, row.UserId, row.Password!, existing.PasswordHash);
            if (hash != existing.PasswordHash) changed.Add([hash, 0, null, now, existing.Id]);
        }
        await writer.UpdateAsync<Person>(
            [nameof(Person.PasswordHash), nameof(Person.AccessFailedCount), nameof(Person.LockoutEnd), nameof(Person.UpdatedAt)],
            nameof(Person.Id), changed);
        return changed.Count;
    }

    /// <summary>New people. Their ids come back only when school links need them (RETURNING costs SQLite a little on every row).</summary>
    private static async Task<Dictionary<string, int>?> WriteCreatesAsync(BulkSession writer, ImportPlan plan, int districtId,
        (string, object)[] scope, IReadOnlyDictionary<string, PreparedPassword> passwords, IPasswordHasher<Person> hasher,
        Func<string, int?> schoolId, DateTime now)
    {
        var rows = new List<object?[]>(plan.Creates.Count);
        foreach (var row in plan.Creates)
        {
            var hash = row.Password is null ? null : PasswordFor(passwords, hasher, row.UserId, row.Password, null);
            rows.Add([districtId, RosterSource.Csv, row.UserId, row.FirstName, row.LastName, row.Email, SignInName.StoredKey(row.Email),
                row.Username, SignInName.StoredKey(row.Username), hash, row.Role, now, 0, true, now, CsvRowHashes.Of(row, schoolId)]);
        }
        if (plan.Creates.Any(c => c.SchoolNames.Count > 0))
            return await writer.InsertReturningIdsAsync<Person>(CreatedFields, rows, nameof(Person.ExternalId), scope);
        await writer.InsertAsync<Person>(CreatedFields, rows);
        return null;
    }
}
