using System.Globalization;
using Twig.Sandbox.Changes;
using Twig.Sandbox.Configuration;
using Twig.Sandbox.Events;
using Twig.Sandbox.Faults;
using Twig.Sandbox.Generation;

namespace Twig.Sandbox;

/// <summary>One generated district: its roster, its overnight changes, its app connection and token.</summary>
public sealed class SandboxDistrict
{
    private int rotation;

    internal SandboxDistrict(SandboxDistrictOptions options, TimeProvider time)
    {
        Options = options;
        Id = string.IsNullOrWhiteSpace(options.Id) ? ObjectIds.DistrictIdFor(options.Seed) : options.Id;
        Name = options.Name;
        var layout = new DistrictLayout(options.Seed, options.Students, options.Teachers, options.Schools);
        Roster = new DistrictRoster(Id, Name, layout, new RosterOverrides(layout.BaseEnd));
        Faults = new FaultSwitches(revoked => TokenRevoked = revoked);
        Events = new DistrictEvents(options.Seed, Faults);
        Changes = new DistrictChanges(Roster, time, Events);
        Connected = options.Connected;
        ConnectedAt = time.GetUtcNow();
        Token = TokenFor(0);
    }

    public string Id { get; }
    public string Name { get; }
    public SandboxDistrictOptions Options { get; }
    public DistrictRoster Roster { get; }
    public DistrictChanges Changes { get; }
    public FaultSwitches Faults { get; }

    /// <summary>The district's Events API feed (<c>GET /v3.0/events</c>), fed by <see cref="Changes"/>.</summary>
    public DistrictEvents Events { get; }

    /// <summary>Whether the district has connected the app; only connected districts list a token.</summary>
    public bool Connected { get; internal set; }
    public DateTimeOffset ConnectedAt { get; internal set; }

    /// <summary>The district-app bearer token (40 hex, deterministic from the seed and the rotation count).</summary>
    public string Token { get; private set; }
    public bool TokenRevoked { get; private set; }

    /// <summary>The id Clever gives the token record itself in <c>GET /oauth/tokens</c>.</summary>
    public string TokenRecordId =>
        DeterministicHash.Of(Options.Seed, rotation, 77).ToString("x16", CultureInfo.InvariantCulture) + "0c" + Id[..6];

    internal string Rotate()
    {
        Token = TokenFor(Interlocked.Increment(ref rotation));
        TokenRevoked = false;
        return Token;
    }

    private string TokenFor(int generation) =>
        DeterministicHash.Of(Options.Seed, generation, 101).ToString("x16", CultureInfo.InvariantCulture) +
        DeterministicHash.Of(Options.Seed, generation, 102).ToString("x16", CultureInfo.InvariantCulture) +
        DeterministicHash.Of(Options.Seed, generation, 103).ToString("x16", CultureInfo.InvariantCulture)[..8];
}
