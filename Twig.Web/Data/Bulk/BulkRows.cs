using System.Collections;

namespace Twig.Web.Data.Bulk;

/// <summary>
/// Rows for a <see cref="BulkSession"/> built from a plan's records as they are written rather than all before: a first sync
/// of a large district writes millions of rows, and made up front their arrays and boxed values would be held, all at once,
/// beside the plan they come from (about half a gigabyte of enrollments alone for 500,000 students). Each read of a row
/// builds it again from its record; the session reads each row once, and a key read-back once more. So only for rows that
/// are cheap to build and the same every time (a users.csv row that hashes a password is made once, up front).
/// </summary>
public sealed class BulkRows<T>(IReadOnlyList<T> records, Func<T, object?[]> row) : IReadOnlyList<object?[]>
{
    public int Count => records.Count;

    public object?[] this[int index] => row(records[index]);

    public IEnumerator<object?[]> GetEnumerator()
    {
        for (var i = 0; i < records.Count; i++) yield return row(records[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

public static class BulkRows
{
    public static BulkRows<T> Of<T>(IReadOnlyList<T> records, Func<T, object?[]> row) => new(records, row);
}
