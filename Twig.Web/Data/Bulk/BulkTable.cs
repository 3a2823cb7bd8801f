using System.Collections.Concurrent;
using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Twig.Web.Data.Bulk;

/// <summary>
/// A table as the EF model maps it: its name and, for each property, the column's name, type and length.
/// The bulk writer takes every name and every parameter type from here, so SQL written by hand can never
/// disagree with the schema the migrations create.
/// </summary>
public sealed class BulkTable
{
    private static readonly ConcurrentDictionary<(IModel, Type), BulkTable> Cache = new();
    private readonly Dictionary<string, BulkColumn> _columns;

    private BulkTable(string name, string? schema, string quoted, Dictionary<string, BulkColumn> columns)
    {
        Name = name;
        Schema = schema;
        Quoted = quoted;
        _columns = columns;
    }

    public string Name { get; }
    public string? Schema { get; }
    /// <summary>The table name quoted the way the provider quotes it.</summary>
    public string Quoted { get; }

    public IEnumerable<BulkColumn> Columns => _columns.Values;

    /// <summary>The column that stores <paramref name="property"/> (a property name of the entity).</summary>
    public BulkColumn this[string property] => _columns.TryGetValue(property, out var column)
        ? column
        : throw new InvalidOperationException($"{Name} has no mapped property '{property}'.");

    public static BulkTable For<TEntity>(TwigDb db) => For(db, typeof(TEntity));

    public static BulkTable For(TwigDb db, Type entity) =>
        Cache.GetOrAdd((db.Model, entity), key => Build(key.Item1, key.Item2, db.GetService<ISqlGenerationHelper>()));

    private static BulkTable Build(IModel model, Type clrType, ISqlGenerationHelper sql)
    {
        var entity = model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model.");
        var mapping = entity.GetTableMappings().Single();
        var table = mapping.Table;
        var columns = new Dictionary<string, BulkColumn>(StringComparer.Ordinal);
        foreach (var columnMapping in mapping.ColumnMappings)
        {
            var property = columnMapping.Property;
            var typeMapping = columnMapping.TypeMapping;
            var converter = typeMapping.Converter;
            var providerType = converter?.ProviderClrType ?? typeMapping.ClrType;
            columns[property.Name] = new BulkColumn
            {
                Property = property.Name,
                Name = columnMapping.Column.Name,
                Quoted = sql.DelimitIdentifier(columnMapping.Column.Name),
                StoreType = columnMapping.Column.StoreType,
                DbType = typeMapping.DbType,
                MaxLength = property.GetMaxLength(),
                Precision = property.GetPrecision(),
                IsNullable = columnMapping.Column.IsNullable,
                ProviderType = Nullable.GetUnderlyingType(providerType) ?? providerType,
                Converter = converter,
                IsIdentity = property.ValueGenerated == ValueGenerated.OnAdd && property.IsPrimaryKey(),
            };
        }
        return new BulkTable(table.Name, table.Schema, sql.DelimitIdentifier(table.Name, table.Schema), columns);
    }
}

/// <summary>One column of a <see cref="BulkTable"/>.</summary>
public sealed record BulkColumn
{
    public required string Property { get; init; }
    public required string Name { get; init; }
    public required string Quoted { get; init; }
    public required string StoreType { get; init; }
    /// <summary>The parameter type the provider's type mapping uses (datetime2 for DateTime on SQL Server).</summary>
    public DbType? DbType { get; init; }
    /// <summary>The model's maximum length of a string or binary column; null when unbounded.</summary>
    public int? MaxLength { get; init; }
    public int? Precision { get; init; }
    public required bool IsNullable { get; init; }
    /// <summary>The CLR type of the stored value, after any value converter (an enum is stored as int).</summary>
    public required Type ProviderType { get; init; }
    public ValueConverter? Converter
    {
        get;
        init
        {
            field = value;
            _convertFrom = value is null ? null : Nullable.GetUnderlyingType(value.ModelClrType) ?? value.ModelClrType;
        }
    }
    public required bool IsIdentity { get; init; }

    // Values of the model's type go through its converter (an enum becomes its number); values already converted pass.
    private readonly Type? _convertFrom;

    /// <summary>Whether the parameter needs a size (SqlClient refuses to prepare a variable-length parameter without one).</summary>
    public bool IsVariableLength => DbType is System.Data.DbType.String or System.Data.DbType.AnsiString or System.Data.DbType.Binary
        or System.Data.DbType.StringFixedLength or System.Data.DbType.AnsiStringFixedLength or System.Data.DbType.Xml;

    /// <summary>Bytes SQL Server stores for a date/time type of full precision; null for every other type.</summary>
    public int? TimeStorageSize => DbType switch
    {
        System.Data.DbType.DateTime2 => 8,
        System.Data.DbType.DateTimeOffset => 10,
        System.Data.DbType.Time => 5,
        _ => null,
    };

    /// <summary>The value as the column stores it: the model's converter applied, a length over the column's refused.</summary>
    public object ToProvider(object? value, string table)
    {
        if (value is null) return DBNull.Value;
        if (_convertFrom is not null && value.GetType() == _convertFrom) value = Converter!.ConvertToProvider(value) ?? DBNull.Value;
        var length = value switch { string s => s.Length, byte[] b => b.Length, _ => 0 };
        // SqlClient would silently cut a value to the parameter's size; SQLite would store it whole. Neither is acceptable.
        if (MaxLength is { } max && length > max)
            throw new InvalidOperationException($"A value for {table}.{Name} is {length} long; the column holds at most {max}.");
        return value;
    }
}
