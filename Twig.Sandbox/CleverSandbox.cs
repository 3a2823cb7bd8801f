using System.Collections.Concurrent;
using System.Security.Cryptography;
using Twig.Sandbox.Configuration;
using Twig.Sandbox.Faults;

namespace Twig.Sandbox;

/// <summary>
/// The sandbox Clever: its districts, the app's district tokens, and the short-lived state of the
/// OAuth flows (codes, SSO tokens, signed-in sessions). One singleton per app, shared by the HTTP
/// endpoints and by tests/benchmarks running in the same process.
/// </summary>
public sealed class CleverSandbox
{
    private readonly ConcurrentDictionary<string, SandboxDistrict> districts = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly ConcurrentDictionary<string, AuthorizationCode> codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SsoGrant> ssoTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SsoGrant> sessions = new(StringComparer.Ordinal);

    public CleverSandbox(SandboxOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        var configured = options.Districts.Count > 0 ? options.Districts : [DemoDistrict()];
        foreach (var district in configured) AddDistrict(district);
    }

    public SandboxOptions Options { get; }
    public CleverAppOptions App => Options.Clever;
    public TimeProvider Time { get; }

    /// <summary>How long an authorization code stays valid (Clever: about a minute).</summary>
    public static TimeSpan CodeLifetime { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Districts in the order they were configured or added.</summary>
    public IReadOnlyList<SandboxDistrict> Districts
    {
        get { lock (order) return order.Select(id => districts[id]).ToList(); }
    }

    public SandboxDistrict District(string districtId) =>
        districts.TryGetValue(districtId, out var district) ? district
            : throw new KeyNotFoundException($"No sandbox district {districtId}.");

    public SandboxDistrict? FindDistrict(string? districtId) =>
        districtId is not null && districts.TryGetValue(districtId, out var district) ? district : null;

    /// <summary>Creates a district at run time (e.g. a fresh one per test, of a chosen size and seed).</summary>
    public SandboxDistrict AddDistrict(SandboxDistrictOptions options)
    {
        var district = new SandboxDistrict(options, Time);
        if (!districts.TryAdd(district.Id, district)) throw new InvalidOperationException($"District {district.Id} already exists.");
        lock (order) order.Add(district.Id);
        return district;
    }

    public void Connect(string districtId)
    {
        var district = District(districtId);
        district.Connected = true;
        district.ConnectedAt = Time.GetUtcNow();
    }

    /// <summary>The district disconnects the app: its token leaves GET /oauth/tokens and answers 401 until reconnected.</summary>
    public void Disconnect(string districtId) => District(districtId).Connected = false;

    public string DistrictToken(string districtId) => District(districtId).Token;

    /// <summary>Issues a new district token; the old one stops working at once.</summary>
    public string RotateToken(string districtId) => District(districtId).Rotate();

    /// <summary>The current token answers 401 from now on (until rotated or the faults are cleared).</summary>
    public void RevokeToken(string districtId) => District(districtId).Faults.Revoke();

    /// <summary>The fault switches of a district, found by district id or by its current token.</summary>
    public FaultSwitches Faults(string districtIdOrToken) =>
        (FindDistrict(districtIdOrToken) ?? DistrictByToken(districtIdOrToken)
            ?? throw new KeyNotFoundException($"No sandbox district or token {districtIdOrToken}.")).Faults;

    internal SandboxDistrict? DistrictByToken(string token) =>
        Districts.FirstOrDefault(d => string.Equals(d.Token, token, StringComparison.Ordinal));

    /// <summary>Resolves a bearer token: a district token, or an SSO token of one user.</summary>
    internal TokenOwner? Authenticate(string token)
    {
        if (DistrictByToken(token) is { } district)
            return new TokenOwner(district, null, district.TokenRevoked || !district.Connected);
        if (ssoTokens.TryGetValue(token, out var grant) && FindDistrict(grant.DistrictId) is { } home)
            return new TokenOwner(home, grant.UserId, false);
        return null;
    }

    internal string IssueCode(string districtId, string userId, string? redirectUri)
    {
        var code = RandomHex(20);
        codes[code] = new AuthorizationCode(districtId, userId, redirectUri, Time.GetUtcNow());
        return code;
    }

    /// <summary>Exchanges a code once: a reused, unknown or expired code yields null.</summary>
    internal AuthorizationCode? RedeemCode(string code)
    {
        if (!codes.TryRemove(code, out var grant)) return null;
        return Time.GetUtcNow() - grant.IssuedAt > CodeLifetime ? null : grant;
    }

    internal string IssueSsoToken(string districtId, string userId)
    {
        var token = RandomHex(40);
        ssoTokens[token] = new SsoGrant(districtId, userId);
        return token;
    }

    internal string StartSession(string districtId, string userId)
    {
        var session = RandomHex(32);
        sessions[session] = new SsoGrant(districtId, userId);
        return session;
    }

    internal SsoGrant? Session(string? sessionId) =>
        sessionId is not null && sessions.TryGetValue(sessionId, out var grant) ? grant : null;

    internal void EndSession(string? sessionId)
    {
        if (sessionId is not null) sessions.TryRemove(sessionId, out _);
    }

    internal static string RandomHex(int characters) =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((characters + 1) / 2))[..characters];

    private static SandboxDistrictOptions DemoDistrict() => new()
    {
        Name = "Demo Unified",
        Seed = 42,
        Students = 600,
        Teachers = 30,
        Schools = 3,
        Connected = true,
    };
}

internal sealed record AuthorizationCode(string DistrictId, string UserId, string? RedirectUri, DateTimeOffset IssuedAt);

internal sealed record SsoGrant(string DistrictId, string UserId);

/// <summary>Who a bearer token belongs to: a whole district, or one user of it (SSO).</summary>
internal sealed record TokenOwner(SandboxDistrict District, string? UserId, bool Revoked)
{
    public bool IsSso => UserId is not null;
}
