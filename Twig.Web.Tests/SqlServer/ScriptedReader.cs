using System.Collections;
using System.Data.Common;
using System.Globalization;

namespace Twig.Web.Tests.SqlServer;

/// <summary>One result set a dry-run statement answers with.</summary>
public sealed record ResultSet(IReadOnlyList<string> Columns, List<object?[]> Rows);

/// <summary>A data reader over scripted result sets; values are converted to whatever type the caller asks for.</summary>
public sealed class ScriptedReader(IReadOnlyList<ResultSet> sets) : DbDataReader
{
    private int _set;
    private int _row = -1;
    private bool _closed;

    private ResultSet? Current => _set < sets.Count ? sets[_set] : null;
    private object? Value(int ordinal) => Current!.Rows[_row][ordinal];

    public override int FieldCount => Current?.Columns.Count ?? 0;
    public override bool HasRows => Current?.Rows.Count > 0;
    public override bool IsClosed => _closed;
    public override int RecordsAffected => -1;
    public override int Depth => 0;
    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read() => Current is { } set && ++_row < set.Rows.Count;

    public override bool NextResult()
    {
        _set++;
        _row = -1;
        return Current is not null;
    }

    public override void Close() => _closed = true;

    public override string GetName(int ordinal) => Current!.Columns[ordinal];
    public override int GetOrdinal(string name) => Current!.Columns.Select((c, i) => (c, i)).First(x => string.Equals(x.c, name, StringComparison.OrdinalIgnoreCase)).i;
    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;
    public override Type GetFieldType(int ordinal) => Current!.Rows.FirstOrDefault(r => r[ordinal] is not null)?[ordinal]?.GetType() ?? typeof(object);
    public override object GetValue(int ordinal) => Value(ordinal) ?? DBNull.Value;
    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++) values[i] = GetValue(i);
        return count;
    }
    public override bool IsDBNull(int ordinal) => Value(ordinal) is null;

    public override T GetFieldValue<T>(int ordinal) => (T)Convert(Value(ordinal), typeof(T))!;
    public override bool GetBoolean(int ordinal) => GetFieldValue<bool>(ordinal);
    public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);
    public override char GetChar(int ordinal) => GetFieldValue<char>(ordinal);
    public override DateTime GetDateTime(int ordinal) => GetFieldValue<DateTime>(ordinal);
    public override decimal GetDecimal(int ordinal) => GetFieldValue<decimal>(ordinal);
    public override double GetDouble(int ordinal) => GetFieldValue<double>(ordinal);
    public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);
    public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);
    public override short GetInt16(int ordinal) => GetFieldValue<short>(ordinal);
    public override int GetInt32(int ordinal) => GetFieldValue<int>(ordinal);
    public override long GetInt64(int ordinal) => GetFieldValue<long>(ordinal);
    public override string GetString(int ordinal) => GetFieldValue<string>(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => Copy((byte[])Value(ordinal)!, dataOffset, buffer, bufferOffset, length);
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => Copy(GetString(ordinal).ToCharArray(), dataOffset, buffer, bufferOffset, length);

    public override IEnumerator GetEnumerator() => throw new NotSupportedException("The dry-run reader is read by ordinal.");

    private static long Copy<T>(T[] source, long offset, T[]? buffer, int bufferOffset, int length)
    {
        if (buffer is null) return source.Length;
        var count = (int)Math.Min(length, source.Length - offset);
        Array.Copy(source, offset, buffer, bufferOffset, count);
        return count;
    }

    private static object? Convert(object? value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null) return null;
        if (target.IsInstanceOfType(value)) return value;
        if (target.IsEnum) return Enum.ToObject(target, value);
        return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }
}
