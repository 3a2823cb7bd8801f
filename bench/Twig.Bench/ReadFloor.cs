using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Twig.Bench;

/// <summary>
/// Floor (r): the district's CSV people as each step of an upload must see them before it can say what a row changes
/// (id, user_id, stored row hash, active flag, roles, has a password), read from Twig's own file with a prepared ADO.NET
/// command into a dictionary by user_id, and nothing else. The upload, the preview and the confirmation each read the
/// district again, because a sync or another upload may have changed it between the steps, so three of these are the
/// least a re-checked 1 % upload can cost beside parsing the file (c) and writing its changes (b). Best of three reads.
/// </summary>
internal static class ReadFloor
{
    public static double Time(string databasePath, int districtId)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "Id", "ExternalId", "CsvRowHash", "IsActive", "Roles", CASE WHEN "PasswordHash" IS NULL THEN 0 ELSE 1 END
            FROM "People" WHERE "DistrictId" = @d AND "Source" = @s
            """;
        command.Parameters.AddWithValue("@d", districtId);
        command.Parameters.AddWithValue("@s", (int)Twig.Web.Domain.RosterSource.Csv);
        command.Prepare();
        var best = double.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var timer = Stopwatch.StartNew();
            var people = new Dictionary<string, (int Id, long? Hash, bool Active, int Roles, bool Password)>(StringComparer.Ordinal);
            using (var reader = command.ExecuteReader())
                while (reader.Read())
                    people[reader.GetString(1)] = (reader.GetInt32(0), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                        reader.GetBoolean(3), reader.GetInt32(4), reader.GetInt32(5) != 0);
            best = Math.Min(best, timer.Elapsed.TotalSeconds);
            GC.KeepAlive(people);
        }
        return best;
    }
}
