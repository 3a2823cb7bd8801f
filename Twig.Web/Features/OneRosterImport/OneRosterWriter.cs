using Microsoft.EntityFrameworkCore.Infrastructure;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// Writes a <see cref="OneRosterPlan"/> with the <see cref="BulkWriter"/> inside the import's transaction: schools, people,
/// their school links, then classes and enrollments (which need the new people's ids).
/// </summary>
internal static class OneRosterWriter
{
    private const RosterSource Source = RosterSource.OneRoster;

    public static async Task WriteAsync(TwigDb db, OneRosterPlan plan, OneRosterState state, IReadOnlyDictionary<string, string> passwords,
        DateTime now, CancellationToken token)
    {
        var writer = db.GetService<BulkWriter>().Open(db, token);
        var schoolIds = await WriteSchoolsAsync(writer, plan, state, now);
        var created = await WritePeopleAsync(writer, plan, state.DistrictId, passwords, now);

        // School links: replaced for people whose schools changed, added for new people.
        var changed = plan.Updates.Where(u => u.SchoolsChanged).ToList();
        await writer.DeleteWhereInAsync<PersonSchool>(nameof(PersonSchool.PersonId), changed.Select(u => u.Existing!.Id));
        var links = new List<object?[]>();
        foreach (var target in changed.Concat(plan.Creates))
        {
            var personId = target.Existing?.Id ?? created[target.Row.SourcedId];
            foreach (var school in target.Row.SchoolSourcedIds)
                if (schoolIds.TryGetValue(school, out var schoolId)) links.Add([personId, schoolId]);
        }
        await writer.InsertAsync<PersonSchool>([nameof(PersonSchool.PersonId), nameof(PersonSchool.SchoolId)], links);

        await ClassWriter.WriteAsync(db, plan.Classes, schoolIds, now, token);
    }

    /// <summary>Schools by sourcedId; returns every school id by sourcedId, the new ones included.</summary>
    private static async Task<Dictionary<string, int>> WriteSchoolsAsync(BulkSession writer, OneRosterPlan plan, OneRosterState state,
        DateTime now)
    {
        var districtId = state.DistrictId;
        await writer.UpdateWhereInAsync<School>(RosteredRecord.Deactivation(now), nameof(School.Id),
            plan.SchoolDeactivations.Select(s => s.Id));
        await writer.UpdateAsync<School>(
            [nameof(School.Name), nameof(School.SchoolNumber), nameof(School.IsActive), nameof(School.DeactivatedAt),
                nameof(School.UpdatedAt)],
            nameof(School.Id),
            plan.SchoolUpdates.Select(u => new object?[] { u.Row.Name, u.Row.Identifier, true, null, now, u.Existing.Id }).ToList());
        var schoolIds = state.Schools.Values.ToDictionary(s => s.ExternalId, s => s.Id, StringComparer.Ordinal);
        string[] columns =
        [
            nameof(School.DistrictId), nameof(School.Source), nameof(School.ExternalId), nameof(School.Name), nameof(School.SchoolNumber),
            nameof(School.IsActive), nameof(School.CreatedAt), nameof(School.UpdatedAt),
        ];
        var rows = plan.SchoolCreates
            .Select(s => new object?[] { districtId, Source, s.SourcedId, s.Name, s.Identifier, true, now, now })
            .ToList();
        foreach (var (key, id) in await writer.InsertReturningIdsAsync<School>(columns, rows, nameof(School.ExternalId), Scope(districtId)))
            schoolIds[key] = id;
        return schoolIds;
    }

    /// <summary>
    /// Deactivate, free usernames that move (a swap, or one taken from an inactive person, never meets the unique index), update,
    /// create; returns the new ids.
    /// </summary>
    private static async Task<Dictionary<string, int>> WritePeopleAsync(BulkSession writer, OneRosterPlan plan, int districtId,
        IReadOnlyDictionary<string, string> passwords, DateTime now)
    {
        var updated = plan.Updates.Select(u => u.Existing!.Id).ToHashSet();
        await writer.UpdateWhereInAsync<Person>(RosteredRecord.Deactivation(now),
            nameof(Person.Id), plan.Deactivations.Where(d => !updated.Contains(d.Id)).Select(d => d.Id));
        await writer.UpdateWhereInAsync<Person>(
            [(nameof(Person.Username), null), (nameof(Person.NormalizedUsername), null)], nameof(Person.Id),
            plan.Updates.Where(u => u.Existing!.Username is not null && u.Existing.Username != u.Username).Select(u => u.Existing!.Id)
                .Concat(plan.UsernamesFreed.Select(p => p.Id)));
        string[] fields =
        [
            nameof(Person.FirstName), nameof(Person.MiddleName), nameof(Person.LastName), nameof(Person.Email),
                nameof(Person.NormalizedEmail),
            nameof(Person.Username), nameof(Person.NormalizedUsername), nameof(Person.StudentNumber), nameof(Person.Grade),
                nameof(Person.Roles),
            nameof(Person.PasswordHash), nameof(Person.IsActive), nameof(Person.DeactivatedAt), nameof(Person.UpdatedAt),
        ];
        object?[] Values(PersonTarget t, string? hash) =>
        [
            t.Row.GivenName, t.Row.MiddleName, t.Row.FamilyName, t.Row.Email, SignInName.StoredKey(t.Row.Email), t.Username,
            SignInName.StoredKey(t.Username), t.Row.Identifier, t.Row.Grade, t.Roles, hash, t.Active,
            t.Active ? null : now, now,
        ];
        var updates = plan.Updates
            .Select(u => (object?[])
                [.. Values(u, passwords.GetValueOrDefault(u.Row.SourcedId) ?? u.Existing!.PasswordHash), u.Existing!.Id])
            .ToList();
        await writer.UpdateAsync<Person>(fields, nameof(Person.Id), updates);
        var creates = plan.Creates
            .Select(c => (object?[])
                [districtId, Source, c.Row.SourcedId, .. Values(c, passwords.GetValueOrDefault(c.Row.SourcedId)), now, 0])
            .ToList();
        string[] columns =
        [
            nameof(Person.DistrictId), nameof(Person.Source), nameof(Person.ExternalId), .. fields, nameof(Person.CreatedAt),
            nameof(Person.AccessFailedCount),
        ];
        return await writer.InsertReturningIdsAsync<Person>(columns, creates, nameof(Person.ExternalId), Scope(districtId));
    }

    private static (string, object)[] Scope(int districtId) =>
        [(nameof(RosteredRecord.DistrictId), districtId), (nameof(RosteredRecord.Source), Source)];
}
