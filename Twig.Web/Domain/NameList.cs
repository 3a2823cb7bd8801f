namespace Twig.Web.Domain;

/// <summary>
/// Several names (schools, a class's teachers) as one text, separated by semicolons as users.csv's school_names is: a name may
/// hold a comma ("North Elementary, Maple Grove", "Ann Wu, Jr"), so a comma between names would read as two.
/// </summary>
public static class NameList
{
    public static string Of(IEnumerable<string> names) => string.Join("; ", names);
}
