using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;

namespace Twig.Web.Features.Login;

/// <summary>
/// Counts a staff account's password attempts in the database. Identity's own count is read, changed and written back
/// under a concurrency stamp, and a write that loses that race is dropped: guesses sent at once were mostly never counted.
/// Here each attempt the sign-in page lets through (the account was not locked out when read) is counted by one UPDATE
/// before its password is checked. Single statements around the change tracker, so Identity's tracked user is left alone
/// (a mediator command would clear the tracker the page's UserManager shares).
/// </summary>
public sealed class StaffLockout(TwigDb db, TimeProvider clock, IOptions<IdentityOptions> identity)
{
    public Task CountAttemptAsync(string userId, CancellationToken token) =>
        db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), token);

    /// <summary>A right password clears the count; the wrong one that reaches the limit locks the account.</summary>
    public async Task RecordAsync(string userId, bool passwordRight, CancellationToken token)
    {
        var user = db.Users.Where(u => u.Id == userId);
        if (passwordRight)
        {
            await user.ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0), token);
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
