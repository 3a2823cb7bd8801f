using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;

namespace Twig.Web.Features.Login;

/// <summary>
/// Counts a staff account's password attempts in the database. Identity's own count is read, changed and written back
/// under a concurrency stamp, and a write that loses that race is dropped: guesses sent at once were mostly never counted.
/// Here each attempt is counted by one UPDATE before its password is checked, and an account found locked out after
/// counting (a guess in flight beside it reached the limit) has no password checked. Single statements around the change
/// tracker, so Identity's tracked user is left alone (a mediator command would clear the tracker the page's UserManager
/// shares).
/// </summary>
public sealed class StaffLockout(TwigDb db, TimeProvider clock, IOptions<IdentityOptions> identity)
{
    /// <summary>
    /// Counts an attempt, then reads the account as it is now: false when it is locked out (by a guess counted meanwhile
    /// on this or another instance), so this attempt's password is not checked.
    /// </summary>
    public async Task<bool> CountAttemptAsync(string userId, CancellationToken token)
    {
        var user = db.Users.Where(u => u.Id == userId);
        await user.ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), token);
        // Compared here, not in SQL: SQLite cannot compare a DateTimeOffset column.
        var lockedUntil = await user.AsNoTracking().Select(u => u.LockoutEnd).SingleAsync(token);
        return !(lockedUntil > clock.GetUtcNow());
    }

    /// <summary>
    /// What the password check found. Signed in: the count is cleared. Right password, code still to come: only this
    /// attempt is taken back, since wrong codes count towards the same lockout (Identity clears it when a code is right).
    /// Wrong: the attempt that reaches the limit locks the account.
    /// </summary>
    public async Task RecordAsync(string userId, SignInResult result, CancellationToken token)
    {
        var user = db.Users.Where(u => u.Id == userId);
        if (result.Succeeded)
        {
            await user.ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0), token);
            return;
        }
        if (result.RequiresTwoFactor)
        {
            await user.Where(u => u.AccessFailedCount > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount - 1), token);
            return;
        }
        var lockout = identity.Value.Lockout;
        var counted = await user.Select(u => new { u.AccessFailedCount, u.LockoutEnabled }).SingleAsync(token);
        if (counted.LockoutEnabled && counted.AccessFailedCount >= lockout.MaxFailedAccessAttempts)
            await user.ExecuteUpdateAsync(s => s
                .SetProperty(u => u.LockoutEnd, clock.GetUtcNow() + lockout.DefaultLockoutTimeSpan)
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), token);
    }
}
