using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Twig.Web.Data;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>A package read and planned against one state of the district, with the preview it shows.</summary>
public sealed record PreparedPackage(
    OneRosterState State, OneRosterPackage Package, OneRosterPlan? Plan, ImportOneRoster.Preview? Preview,
    IReadOnlyList<PackageIssue> Issues);

/// <summary>
/// Reads and plans a package: the slow part of an import (seconds for 100,000 students), always done outside the write
/// transaction. A plan kept from the preview (<see cref="OneRosterPreviews"/>) is reused while the district reads the same.
/// </summary>
public sealed class OneRosterPreparer(IOptions<OneRosterOptions> options, OneRosterPreviews previews, TimeProvider clock)
{
    public static OneRosterPreviews.Key KeyOf(int districtId, byte[] content, bool allowPasswords) =>
        new(districtId, Sha256Of(content), allowPasswords);

    public static string Sha256Of(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// The package read and planned against <paramref name="state"/>, or the kept preview planned against the same state.
    /// </summary>
    public PreparedPackage PrepareOrReuse(OneRosterPreviews.Key key, byte[] content, OneRosterState state) =>
        previews.Take(key, state) ?? Prepare(content, key.AllowPasswords, state);

    public PreparedPackage Prepare(byte[] content, bool allowPasswords, OneRosterState state)
    {
        var package = OneRosterReader.Read(content, options.Value, state.Known, state.Today, allowPasswords);
        if (package.HasErrors) return new PreparedPackage(state, package, null, null, package.Issues);
        var plan = OneRosterPlan.Build(package, state);
        var issues = package.Issues.Concat(plan.Warnings).Concat(plan.Errors).ToList();
        return new PreparedPackage(state, package, plan, ImportOneRoster.Preview.Of(package, plan, state), issues);
    }

    /// <summary>
    /// For a caller about to apply a package inside its own transaction (the page's confirm, which claims the upload in the
    /// same transaction): plans it now and keeps it, so the import inside the transaction only checks the district is unchanged.
    /// </summary>
    public async Task PrepareAheadAsync(TwigDb db, int districtId, byte[] content, bool allowPasswords, CancellationToken token)
    {
        var key = KeyOf(districtId, content, allowPasswords);
        var state = await OneRosterState.LoadAsync(db, districtId, clock, token);
        previews.Keep(key, PrepareOrReuse(key, content, state));
    }
}
