using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.Login.Clever;

/// <summary>
/// Every Clever code that reaches Twig is recorded here before anything else happens to it, in the database
/// that all instances share, so no instance ever accepts it again: not a browser replay (refresh, back button,
/// double click) and not a portal code someone lifted from a shared computer's history and sends with their own
/// <c>state</c>. Only hashes are stored. Rows go once the code is long dead at Clever (a code lives about a minute).
/// </summary>
public sealed class CleverCodeLedger(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CleverCodeLedger> logger)
{
    public static readonly TimeSpan Remember = TimeSpan.FromMinutes(15);

    /// <summary>Records the code; false when any instance recorded it before (a replay, or a concurrent double submit).</summary>
    public async Task<bool> TryClaimAsync(string code, CancellationToken token)
    {
        var key = Hash(code);
        var now = clock.GetUtcNow().UtcDateTime;
        // A context of its own: a failed insert must not stay tracked in the request's unit of work.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TwigDb>();
        var cutoff = now - Remember;
        await db.UsedSignInCodes.Where(c => c.SeenAt < cutoff).ExecuteDeleteAsync(token);
        db.UsedSignInCodes.Add(new UsedSignInCode { CodeHash = key, SeenAt = now });
        try
        {
            await db.SaveChangesAsync(token);
            return true;
        }
        catch (DbUpdateException)
        {
            // The primary key refused a second insert of the same code, whichever instance made the first.
            await using var check = scopes.CreateAsyncScope();
            if (!await check.ServiceProvider.GetRequiredService<TwigDb>().UsedSignInCodes.AnyAsync(c => c.CodeHash == key, token)) throw;
            logger.LogInformation("A Clever code was presented again and is not accepted");
            return false;
        }
    }

    public static string Hash(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("clever:" + code)));
}
