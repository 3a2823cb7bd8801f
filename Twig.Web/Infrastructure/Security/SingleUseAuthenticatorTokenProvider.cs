using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// Identity's authenticator check (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, two steps of drift either way), made
/// single-use: the time-step of an accepted code is stored on the account and a code whose step is not newer is refused,
/// so a code seen over a shoulder or in a proxy log cannot be played again inside the window. The step is saved through
/// <see cref="UserManager{TUser}.UpdateAsync"/>, whose concurrency stamp lets only one of two simultaneous uses through.
/// Registered under Identity's authenticator provider name, so enrolment and sign-in both go through it.
/// </summary>
public sealed class SingleUseAuthenticatorTokenProvider(TimeProvider clock) : AuthenticatorTokenProvider<TwigUser>
{
    private const int Drift = 2;

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<TwigUser> manager, TwigUser user)
    {
        if (token.Length != 6 || !token.All(char.IsAsciiDigit)) return false;
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key)) return false;
        var keyBytes = FromBase32(key);
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        var given = Encoding.ASCII.GetBytes(token);
        for (var step = now - Drift; step <= now + Drift; step++)
        {
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(keyBytes, step)), given)) continue;
            if (user.LastAuthenticatorStep >= step) return false;
            user.LastAuthenticatorStep = step;
            return (await manager.UpdateAsync(user)).Succeeded;
        }
        return false;
    }

    private static string Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(key, counter, hash);
        var offset = hash[^1] & 0x0f;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff;
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The Base32 (RFC 4648, no padding) of Identity's <see cref="UserManager{TUser}.GenerateNewAuthenticatorKey"/>.</summary>
    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var value = alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0) throw new FormatException("The authenticator key is not Base32.");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            bytes.Add((byte)(buffer >> (bits - 8)));
            bits -= 8;
        }
        return [.. bytes];
    }
}
