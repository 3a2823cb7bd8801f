namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// The last previews of this process, so that confirming a package right after its preview does not read and plan the
/// whole package a second time. A kept preview is used only for the same district, the same bytes (SHA-256) and the same
/// password choice, and only while the district reads exactly as it did when the preview was planned
/// (<see cref="OneRosterState.SameAs"/>); the apply compares once more inside its transaction. Anything else — another
/// instance, an expired or evicted entry, a changed district — plans the package again, as if nothing had been kept.
/// </summary>
public sealed class OneRosterPreviews(TimeProvider clock)
{
    public readonly record struct Key(int DistrictId, string Sha256, bool AllowPasswords);

    /// <summary>A preview is confirmed within minutes or not at all; a planned 100,000-student package holds about 200 MB.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(15);
    private const int MaxKept = 2;

    private readonly Lock _lock = new();
    private readonly List<(Key Key, PreparedPackage Prepared, DateTimeOffset Until)> _kept = [];

    internal void Keep(Key key, PreparedPackage prepared)
    {
        lock (_lock)
        {
            _kept.RemoveAll(k => k.Key.DistrictId == key.DistrictId);
            if (_kept.Count >= MaxKept) _kept.RemoveAt(0);
            _kept.Add((key, prepared, clock.GetUtcNow() + KeptFor));
        }
    }

    /// <summary>
    /// The preview kept for <paramref name="key"/> when it was planned against a state equal to <paramref name="now"/>;
    /// it is no longer kept after this.
    /// </summary>
    internal PreparedPackage? Take(Key key, OneRosterState now)
    {
        PreparedPackage? prepared;
        lock (_lock)
        {
            var index = _kept.FindIndex(k => k.Key == key);
            if (index < 0) return null;
            var entry = _kept[index];
            _kept.RemoveAt(index);
            if (entry.Until < clock.GetUtcNow()) return null;
            prepared = entry.Prepared;
        }
        return prepared.State.SameAs(now) ? prepared : null;
    }
}
