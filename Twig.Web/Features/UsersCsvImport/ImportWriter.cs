using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// What a confirmation did. A changed password is counted on its own (<paramref name="PasswordsChanged"/>), not as an update:
/// the preview cannot tell which passwords differ without a PBKDF2 run per row, so its counts leave passwords out, and these
/// counts must equal them.
/// </summary>
public sealed record AppliedCounts(int Created, int Updated, int Reactivated, int Archived, int Unchanged, int PasswordsChanged = 0);

/// <summary>
/// Writes an <see cref="ImportPlan"/> with the <see cref="BulkWriter"/> on the EF connection and transaction: no change
/// tracking, and on SQL Server a few hundred round trips (or a bulk load) for 100,000 people.
/// </summary>
public static partial class ImportWriter
{
    public static async Task<AppliedCounts> WriteAsync(TwigDb db, ImportPlan plan, DistrictState district,
        IReadOnlyDictionary<string, PreparedPassword> passwords, IPasswordHasher<Person> hasher, DateTime now, CancellationToken token)
    {
        var writer = Writer(db, token);
        (string, object)[] scope = [(nameof(Person.DistrictId), district.DistrictId), (nameof(Person.Source), RosterSource.Csv)];
        var schoolIds = await WriteSchoolsAsync(writer, plan, district, scope, now);

        // Archive first, then free the usernames that move, so a swap between two people never collides with the unique index.
        await writer.UpdateWhereInAsync<Person>(RosteredRecord.Deactivation(now), nameof(Person.Id), plan.Archives.Select(a => a.Id));
        await writer.UpdateWhereInAsync<Person>(
            [(nameof(Person.Username), null), (nameof(Person.NormalizedUsername), null), (nameof(Person.UpdatedAt), now)],
            nameof(Person.Id),
            plan.Updates.Where(u => u.Existing.Username != u.Row.Username && u.Existing.Username is not null).Select(u => u.Existing.Id));

        // Each written row stores the hash of what it now holds, its schools by the ids they have after this write.
        int? SchoolId(string name) => schoolIds.TryGetValue(RosterFields.Normalize(name), out var id) ? id : null;
        var (updated, passwordsChanged) = await WriteUpdatesAsync(writer, plan, passwords, hasher, SchoolId, now);
        var passwordsOnly = await WritePasswordOnlyChangesAsync(writer, plan, passwords, hasher, now);
        await writer.UpdateAsync<Person>([nameof(Person.CsvRowHash)], nameof(Person.Id),
            plan.HashesToStore.Select(h => new object?[] { h.Hash, h.Id }).ToList());
        var createdIds = await WriteCreatesAsync(writer, plan, district.DistrictId, scope, passwords, hasher, SchoolId, now);
        await WriteSchoolLinksAsync(writer, plan, schoolIds, createdIds);

        return new AppliedCounts(plan.Creates.Count, updated, plan.Reactivations, plan.Archives.Count, plan.Unchanged,
            passwordsChanged + passwordsOnly);
    }

    /// <summary>
    /// Names that match no active school are created, or brought back when an earlier import created them. Returns every school
    /// key the plan's people may name, with its id.
    /// </summary>
    private static async Task<Dictionary<string, int>> WriteSchoolsAsync(
        BulkSession writer, ImportPlan plan, DistrictState district, (string, object)[] scope, DateTime now)
    {
        var schoolIds = new Dictionary<string, int>(district.Schools, StringComparer.Ordinal);
        var reactivated = new List<int>();
        var created = new List<object?[]>();
        foreach (var name in plan.NewSchools)
        {
            var key = RosterFields.Normalize(name);
            if (district.ArchivedCsvSchools.TryGetValue(key, out var archivedId))
            {
                reactivated.Add(archivedId);
                schoolIds[key] = archivedId;
            }
            else created.Add([district.DistrictId, RosterSource.Csv, key, name, true, now, now]);
        }
        await writer.UpdateWhereInAsync<School>(RosteredRecord.Reactivation(now), nameof(School.Id), reactivated);
        string[] columns =
        [
            nameof(School.DistrictId), nameof(School.Source), nameof(School.ExternalId), nameof(School.Name), nameof(School.IsActive),
            nameof(School.CreatedAt), nameof(School.UpdatedAt),
        ];
        foreach (var (key, id) in await writer.InsertReturningIdsAsync<School>(columns, created, nameof(School.ExternalId), scope))
            schoolIds.TryAdd(key, id);
        return schoolIds;
    }

    /// <summary>School links: replaced for people whose schools changed, added for new people.</summary>
    private static async Task WriteSchoolLinksAsync(
        BulkSession writer, ImportPlan plan, Dictionary<string, int> schoolIds, IReadOnlyDictionary<string, int>? createdIds)
    {
        await writer.DeleteWhereInAsync<PersonSchool>(nameof(PersonSchool.PersonId),
            plan.Updates.Where(u => u.SchoolsChanged).Select(u => u.Existing.Id));
        var links = new List<object?[]>();
        foreach (var update in plan.Updates.Where(u => u.SchoolsChanged))
            foreach (var name in update.Row.SchoolNames)
                if (schoolIds.TryGetValue(RosterFields.Normalize(name), out var schoolId)) links.Add([update.Existing.Id, schoolId]);
        if (createdIds is not null)
            foreach (var row in plan.Creates)
                foreach (var name in row.SchoolNames)
                    if (createdIds.TryGetValue(row.UserId, out var personId)
                        && schoolIds.TryGetValue(RosterFields.Normalize(name), out var schoolId))
                        links.Add([personId, schoolId]);
        await writer.InsertAsync<PersonSchool>([nameof(PersonSchool.PersonId), nameof(PersonSchool.SchoolId)], links);
    }

    /// <summary>Stores every issue of an import (there may be one per row of a 200,000-row file) in batches.</summary>
    public static async Task InsertIssuesAsync(TwigDb db, int importId, IEnumerable<ImportIssue> issues, CancellationToken token)
    {
        var rows = issues.Select(i => new object?[]
        {
            importId, i.Severity, i.Row, i.Column is { Length: > 100 } c ? c[..100] : i.Column,
            i.Message.Length > 1000 ? i.Message[..999] + "…" : i.Message, i.File,
        }).ToList();
        await Writer(db, token).InsertAsync<CsvImportIssue>(
            [
                nameof(CsvImportIssue.CsvImportId), nameof(CsvImportIssue.Severity), nameof(CsvImportIssue.RowNumber),
                nameof(CsvImportIssue.Column), nameof(CsvImportIssue.Message), nameof(CsvImportIssue.File),
            ],
            rows);
    }

    /// <summary>
    /// The app's one bulk writer, from the services the context was created with (callers only hold a <see cref="TwigDb"/>).
    /// </summary>
    private static BulkSession Writer(TwigDb db, CancellationToken token) => db.GetService<BulkWriter>().Open(db, token);
}
