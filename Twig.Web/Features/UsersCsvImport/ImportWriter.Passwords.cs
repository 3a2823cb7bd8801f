using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>The password a row will store: computed before the write transaction, because PBKDF2 is slow by design.</summary>
public sealed record PreparedPassword(string? SeenHash, string? NewHash);

public static partial class ImportWriter
{
    /// <summary>
    /// Hashes the passwords that are new or changed, in parallel, before the write transaction opens. A row whose password
    /// matches the stored hash keeps it; checking costs one PBKDF2 run, the same as hashing, so only rows that carry a
    /// password cost anything.
    /// </summary>
    public static Dictionary<string, PreparedPassword> PreparePasswords(
        ImportPlan plan, IPasswordHasher<Person> hasher, CancellationToken token)
    {
        var work = new List<(string UserId, string Password, string? Existing)>();
        foreach (var row in plan.Creates)
            if (row.Password is not null) work.Add((row.UserId, row.Password, null));
        foreach (var update in plan.Updates)
            if (update.Row.Password is not null) work.Add((update.Row.UserId, update.Row.Password, update.Existing.PasswordHash));
        foreach (var (existing, row) in plan.UnchangedWithPassword)
            work.Add((row.UserId, row.Password!, existing.PasswordHash));

        var results = new ConcurrentDictionary<string, PreparedPassword>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { CancellationToken = token, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(work, parallel, item =>
        {
            var person = new Person();
            var kept = item.Existing is not null
                && hasher.VerifyHashedPassword(person, item.Existing, item.Password) != PasswordVerificationResult.Failed;
            results[item.UserId] = kept
                ? new PreparedPassword(item.Existing, null)
                : new PreparedPassword(item.Existing, hasher.HashPassword(person, item.Password));
        });
        return new Dictionary<string, PreparedPassword>(results, StringComparer.Ordinal);
    }

    /// <summary>The hash a row stores: the prepared one, unless the stored hash changed since (a sign-in rehashed it).</summary>
    private static string? PasswordFor(IReadOnlyDictionary<string, PreparedPassword> passwords, IPasswordHasher<Person> hasher,
        string userId, string password, string? existingHash)
    {
        if (passwords.TryGetValue(userId, out var prepared) && prepared.SeenHash == existingHash)
            return prepared.NewHash ?? existingHash;
        // The stored hash changed since the passwords were prepared: decide now.
        var person = new Person();
        return existingHash is not null && hasher.VerifyHashedPassword(person, existingHash, password) == PasswordVerificationResult.Success
            ? existingHash
            : hasher.HashPassword(person, password);
    }
}
