using Twig.Sandbox.Generation;

namespace Twig.Sandbox.CleverApi;

/// <summary>
/// The ordinals of one list, in id order, that a page is cut from. Top-level collections stream
/// straight from the generator; sub-resources (a section's users, a school's sections) are small
/// and come as arrays.
/// </summary>
internal abstract class RecordSource
{
    public abstract IEnumerable<long> After(long ordinal);
    public abstract IEnumerable<long> Before(long ordinal);

    public static RecordSource Collection(DistrictRoster roster, RecordKind[] kinds, UserRoles role) =>
        new CollectionSource(roster, kinds, role);

    public static RecordSource Of(long[] sortedOrdinals) => new ArraySource(sortedOrdinals);

    private sealed class CollectionSource(DistrictRoster roster, RecordKind[] kinds, UserRoles role) : RecordSource
    {
        public override IEnumerable<long> After(long ordinal) => roster.OrdinalsAfter(kinds, role, ordinal);
        public override IEnumerable<long> Before(long ordinal) => roster.OrdinalsBefore(kinds, role, ordinal);
    }

    private sealed class ArraySource(long[] ordinals) : RecordSource
    {
        public override IEnumerable<long> After(long ordinal)
        {
            var position = Array.BinarySearch(ordinals, ordinal);
            for (var i = position >= 0 ? position + 1 : ~position; i < ordinals.Length; i++) yield return ordinals[i];
        }

        public override IEnumerable<long> Before(long ordinal)
        {
            var position = Array.BinarySearch(ordinals, ordinal);
            for (var i = (position >= 0 ? position : ~position) - 1; i >= 0; i--) yield return ordinals[i];
        }
    }
}
