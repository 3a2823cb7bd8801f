using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>The district's Clever-sourced records as they are in Twig now: the other side of the comparison.</summary>
public sealed class ExistingRoster
{
    public Dictionary<string, ExistingSchool> Schools { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ExistingPerson> People { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ExistingSection> Sections { get; } = new(StringComparer.Ordinal);
    public Dictionary<EnrollmentKey, ExistingEnrollment> Enrollments { get; } = [];
    public Dictionary<int, string> SchoolExternalIds { get; } = [];
    public Dictionary<int, string> PersonExternalIds { get; } = [];
    public Dictionary<int, string> SectionExternalIds { get; } = [];

    /// <summary>
    /// Loads on a pool thread with its own scope (own context and connection), so a sync can read Twig's copy while it
    /// is still fetching Clever's. Only syncs write Clever-sourced rows and a district runs one sync at a time, so
    /// reading it before the fetch ends sees the same rows as reading it after.
    /// </summary>
    public static Task<ExistingRoster> LoadInOwnScopeAsync(IServiceScopeFactory scopes, int districtId, CancellationToken ct) =>
        Task.Run(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await LoadAsync(scope.ServiceProvider.GetRequiredService<TwigDb>(), districtId, ct);
        }, ct);

    /// <summary>
    /// Reads the district's Clever-sourced rows with plain data readers (no entity materialisation): about a million
    /// enrollments become a dictionary of small structs keyed by Twig ids.
    /// </summary>
    public static async Task<ExistingRoster> LoadAsync(TwigDb db, int districtId, CancellationToken ct)
    {
        var roster = new ExistingRoster();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var sqlite = db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            const string where = "\"DistrictId\"=@d AND \"Source\"=@s";
            await ReadAsync("""SELECT "Id","ExternalId","Name","SisId","SchoolNumber","LowGrade","HighGrade","IsActive" FROM "Schools" WHERE """ + where, r =>
            {
                var s = new ExistingSchool(r.GetInt32(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), r.GetBoolean(7));
                roster.Schools[s.ExternalId] = s;
                roster.SchoolExternalIds[s.Id] = s.ExternalId;
            });
            await ReadAsync("""SELECT "Id","ExternalId","FirstName","MiddleName","LastName","Email","SisId","StateId","StudentNumber","Grade","Roles","IsActive" FROM "People" WHERE """ + where, r =>
            {
                var p = new ExistingPerson(r.GetInt32(0), r.GetString(1), r.GetString(2), Text(r, 3), r.GetString(4), Text(r, 5), Text(r, 6), Text(r, 7),
                    Text(r, 8), Text(r, 9), (PersonRoles)r.GetInt32(10), r.GetBoolean(11));
                roster.People[p.ExternalId] = p;
                roster.PersonExternalIds[p.Id] = p.ExternalId;
            });
            await ReadAsync("""SELECT l."PersonId",l."SchoolId" FROM "PersonSchools" l JOIN "People" p ON p."Id"=l."PersonId" WHERE p."DistrictId"=@d AND p."Source"=@s""", r =>
            {
                if (roster.PersonExternalIds.TryGetValue(r.GetInt32(0), out var person) && roster.SchoolExternalIds.TryGetValue(r.GetInt32(1), out var school))
                    roster.People[person].SchoolIds.Add(school);
            });
            await ReadAsync("""SELECT "Id","ExternalId","SchoolId","Name","Subject","Grade","Period","SisId","IsActive" FROM "Sections" WHERE """ + where, r =>
            {
                var s = new ExistingSection(r.GetInt32(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.GetString(3), Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7), r.GetBoolean(8));
                roster.Sections[s.ExternalId] = s;
                roster.SectionExternalIds[s.Id] = s.ExternalId;
            });
            await ReadAsync("""SELECT "Id","SectionId","PersonId","Role","IsActive" FROM "Enrollments" WHERE """ + where, r =>
                roster.Enrollments[new EnrollmentKey(r.GetInt32(1), r.GetInt32(2), (EnrollmentRole)r.GetInt32(3))] = new ExistingEnrollment(r.GetInt32(0), r.GetBoolean(4)));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return roster;

        async Task ReadAsync(string sql, Action<DbDataReader> row)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 0;
            Add(command, "@d", districtId);
            Add(command, "@s", (int)RosterSource.Clever);
            await using var reader = await command.ExecuteReaderAsync(ct);
            // SQLite reads synchronously anyway; its ReadAsync only adds overhead per row.
            if (sqlite)
                while (reader.Read()) row(reader);
            else
                while (await reader.ReadAsync(ct)) row(reader);
        }
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

public sealed record ExistingSchool(int Id, string ExternalId, string Name, string? SisId, string? SchoolNumber, string? LowGrade, string? HighGrade, bool IsActive);

public sealed record ExistingPerson(int Id, string ExternalId, string FirstName, string? MiddleName, string LastName, string? Email,
    string? SisId, string? StateId, string? StudentNumber, string? Grade, PersonRoles Roles, bool IsActive)
{
    public SortedSet<string> SchoolIds { get; } = new(StringComparer.Ordinal);
}

public sealed record ExistingSection(int Id, string ExternalId, int? SchoolId, string Name, string? Subject, string? Grade, string? Period, string? SisId, bool IsActive);

public readonly record struct EnrollmentKey(int SectionId, int PersonId, EnrollmentRole Role);

public readonly record struct ExistingEnrollment(int Id, bool IsActive);
