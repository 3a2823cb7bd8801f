using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Twig.Web.Data;

/// <summary>
/// "Someone else inserted that row first", recognised the same way on both engines, so an insert-if-absent that
/// loses a race can read the winner's row instead of failing.
/// </summary>
public static class UniqueViolation
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
    private const int SqlServerDuplicateKeyRow = 2601;
    private const int SqlServerUniqueConstraint = 2627;

    public static bool Is(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
                    when sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey:
                case SqlException { Number: SqlServerDuplicateKeyRow or SqlServerUniqueConstraint }:
                    return true;
            }
        }
        return false;
    }
}
