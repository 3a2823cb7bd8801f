using Twig.Sandbox;
using Twig.Sandbox.Configuration;

namespace Twig.Bench;

/// <summary>A sandbox Clever district as a scenario uses it; <see cref="InProcess"/> only when it lives in the bench process.</summary>
internal sealed record CleverDistrict(string Id, string Token, int Students, SandboxDistrict? InProcess)
{
    /// <summary>The district's generator, for scenarios that read its roster directly (sign-in picks its students).</summary>
    public SandboxDistrict Sandbox => InProcess ?? throw new InvalidOperationException($"District {Id} lives in another process.");
}

/// <summary>Where a scenario's Clever districts live: the sandbox Twig maps in the bench process, or a process of their own.</summary>
internal interface IBenchClever
{
    /// <summary>The base the sandbox's paths (<c>sandbox/clever-api/…</c>) are relative to.</summary>
    Uri Address { get; }

    Task<CleverDistrict> AddDistrictAsync(SandboxDistrictOptions options);

    /// <summary>About 1 % adds, updates and removals (the sync-1pct night); returns what was done.</summary>
    Task<string> OvernightChangesAsync(CleverDistrict clever);
}

/// <summary>The sandbox in the bench process (Twig's own <c>/sandbox</c>): districts created and changed by direct calls.</summary>
internal sealed class InProcessClever(TwigHost host) : IBenchClever
{
    public Uri Address => host.Address;

    public Task<CleverDistrict> AddDistrictAsync(SandboxDistrictOptions options)
    {
        var district = host.Sandbox.AddDistrict(options);
        return Task.FromResult(new CleverDistrict(district.Id, district.Token, options.Students, district));
    }

    public Task<string> OvernightChangesAsync(CleverDistrict clever) => Task.FromResult(SyncScenarios.OvernightChanges(clever.Sandbox));
}
