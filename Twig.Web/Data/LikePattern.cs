namespace Twig.Web.Data;

/// <summary>
/// A LIKE pattern that finds <c>search</c> anywhere in a column, its wildcards escaped with <see cref="Escape"/>: pass
/// it as <c>EF.Functions.Like(column, pattern, LikePattern.Escape)</c>. An ESCAPE clause is the one escape both engines
/// read the same way (SQLite has no bracket escapes; SQL Server also treats "[" as a wildcard), so a name with "_",
/// "%" or "[" finds itself and nothing else. Case-insensitive on SQLite and on SQL Server's default collation
/// ("garcia" finds "Garcia").
/// </summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Containing(string search) =>
        "%" + search.Trim().Replace(Escape, Escape + Escape).Replace("%", Escape + "%").Replace("_", Escape + "_")
            .Replace("[", Escape + "[") + "%";
}
