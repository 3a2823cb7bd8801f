using System.Reflection;
using Microsoft.Data.SqlClient;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// Real <see cref="SqlException"/>s, as SqlClient raises them, for the dry run to throw: SqlClient builds them only
/// internally, so they are made through its own (non-public) factory.
/// </summary>
public static class SqlErrors
{
    /// <summary>What SqlClient throws when a command runs past its CommandTimeout (error number -2).</summary>
    public static SqlException Timeout() => Make(-2, "Execution Timeout Expired. The timeout period elapsed prior to completion.");

    private static SqlException Make(int number, string message)
    {
        var constructor = typeof(SqlError).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length).First();
        // Matched by name and converted to each parameter's type: the constructor's exact signature varies between versions.
        var arguments = constructor.GetParameters().Select(p => p.Name switch
        {
            "infoNumber" => Convert.ChangeType(number, p.ParameterType, System.Globalization.CultureInfo.InvariantCulture),
            "errorClass" => Convert.ChangeType(11, p.ParameterType, System.Globalization.CultureInfo.InvariantCulture),
            "server" => "dry-run",
            "errorMessage" => message,
            "procedure" => "",
            _ => p.HasDefaultValue ? p.DefaultValue : (p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null),
        }).ToArray();
        var error = (SqlError)constructor.Invoke(arguments);
        var errors = (SqlErrorCollection)Activator.CreateInstance(typeof(SqlErrorCollection), nonPublic: true)!;
        typeof(SqlErrorCollection).GetMethod("Add", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(errors, [error]);
        var create = typeof(SqlException).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .First(m => m.Name == "CreateException" && m.GetParameters() is [{ ParameterType: var first }, { ParameterType: var second }]
                && first == typeof(SqlErrorCollection) && second == typeof(string));
        return (SqlException)create.Invoke(null, [errors, "16.0.0"])!;
    }
}
