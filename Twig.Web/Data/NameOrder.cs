using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace Twig.Web.Data;

/// <summary>
/// The one rule for sorting names (people's, classes', schools', districts'): as a person reads a list, not by character
/// code. Case is ignored and an accented letter sorts beside its base letter: "adams", "de la Cruz", "Øvergård", "Oz", "Wang".
/// Lists are paged in SQL, so the database must sort this way. SQL Server does: names keep the database's default collation,
/// case-insensitive (SQL_Latin1_General_CP1_CI_AS on a default install and on Azure SQL), and its name indexes serve the sort.
/// SQLite compares bytes ("Wang" before "adams"), so there a name is sorted with the collation <see cref="SqliteCollation"/>,
/// which <see cref="SqlitePragmas"/> registers on every connection, and which compares as <see cref="Comparer"/> does.
/// </summary>
public static class NameOrder
{
    public const string SqliteCollation = "TWIG_NAME";

    /// <summary>The same order in memory, for names sorted after they are read.</summary>
    public static readonly StringComparer Comparer = new NameComparer();

    private static readonly MethodInfo KeyMethod = typeof(NameOrder).GetMethod(nameof(Key))!;

    /// <summary>A name as the database sorts it; only meaningful inside a query (see <see cref="OrderByName{T}"/>).</summary>
    public static string? Key(string? name) =>
        throw new InvalidOperationException($"{nameof(NameOrder)}.{nameof(Key)} is translated to SQL; sort in memory with {nameof(Comparer)}.");

    public static IOrderedQueryable<T> OrderByName<T>(this IQueryable<T> source, Expression<Func<T, string?>> name) =>
        source.OrderBy(Keyed(name));

    public static IOrderedQueryable<T> ThenByName<T>(this IOrderedQueryable<T> source, Expression<Func<T, string?>> name) =>
        source.ThenBy(Keyed(name));

    private static Expression<Func<T, string?>> Keyed<T>(Expression<Func<T, string?>> name) =>
        Expression.Lambda<Func<T, string?>>(Expression.Call(KeyMethod, name.Body), name.Parameters);

    /// <summary>SQLite sorts <see cref="Key"/> with <see cref="SqliteCollation"/>; SQL Server sorts the name as it is.</summary>
    internal static void Map(ModelBuilder builder, bool sqlite) =>
        builder.HasDbFunction(KeyMethod).HasTranslation(arguments =>
            sqlite ? new CollateExpression(arguments[0], SqliteCollation) : arguments[0]);

    /// <summary>Registers <see cref="SqliteCollation"/> on a SQLite connection (a collation belongs to the connection).</summary>
    internal static void Register(SqliteConnection connection) => connection.CreateCollation(SqliteCollation, Comparer.Compare);

    private sealed class NameComparer : StringComparer
    {
        private static readonly CompareInfo Culture = CultureInfo.InvariantCulture.CompareInfo;

        // Names equal but for case ("Adams", "adams") are ordered ordinally after that, so a page boundary never moves.
        public override int Compare(string? x, string? y)
        {
            var byName = Culture.Compare(x, y, CompareOptions.IgnoreCase);
            return byName != 0 ? byName : string.CompareOrdinal(x, y);
        }

        public override bool Equals(string? x, string? y) => Compare(x, y) == 0;

        public override int GetHashCode(string obj) => StringComparer.Ordinal.GetHashCode(obj);
    }
}
