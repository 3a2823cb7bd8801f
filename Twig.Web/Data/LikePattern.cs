namespace Twig.Web.Data;

/// <summary>
/// A LIKE pattern that finds <c>search</c> anywhere in a column, its wildcards and brackets escaped SQL Server's way
/// (production's engine: a name with "_" or "%" finds itself there; SQLite's LIKE has no bracket escapes).
/// Case-insensitive on SQLite and on SQL Server's default collation ("garcia" finds "Garcia").
/// </summary>
public static class LikePattern
{
    public static string Containing(string search) =>
        "%" + search.Trim().Replace("[", "[[]").Replace("%", "[%]").Replace("_", "[_]") + "%";
}
