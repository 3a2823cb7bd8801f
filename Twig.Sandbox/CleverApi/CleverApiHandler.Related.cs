using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Twig.Sandbox.Events;
using Twig.Sandbox.Generation;

namespace Twig.Sandbox.CleverApi;

/// <summary>The related collections of one record: <c>/sections/{id}/students</c>, <c>/users/{id}/sections</c> and the like.</summary>
internal sealed partial class CleverApiHandler
{
    private async Task Related(ApiRequest request, string collection, string id, string related)
    {
        var roster = request.Roster;
        var ordinal = roster.OrdinalOf(id);
        var kind = roster.ActiveKindOf(ordinal);
        if (kind is null || ApiResponses.CollectionOf(kind.Value) != collection)
        {
            await NotFound(request);
            return;
        }
        if (related == "district")
        {
            await ApiResponses.WriteDistrict(request, asList: false);
            return;
        }

        var role = UserRoles.None;
        var roleValue = request.Query["role"].FirstOrDefault();
        if (!string.IsNullOrEmpty(roleValue) && !UserRoleNames.TryParse(roleValue, out role))
        {
            await ApiResponses.Message(request.Http, StatusCodes.Status400BadRequest, $"invalid role: {roleValue}");
            return;
        }

        var k = kind.Value;
        long[]? list = (collection, related) switch
        {
            ("schools", "sections") => roster.SectionOrdinalsOfSchool(Index(roster, ordinal, k)),
            ("schools", "users") => roster.UserOrdinalsOfSchool(Index(roster, ordinal, k), role),
            ("schools", "terms") => roster.TermOrdinals(),
            ("schools", "courses") => roster.CourseOrdinalsOfSchool(Index(roster, ordinal, k)),
            ("sections", "users") => SectionUsers(roster, Index(roster, ordinal, k), role),
            ("users", "sections") => roster.SectionOrdinalsOfUser(ordinal, k),
            ("users", "schools") => roster.SchoolIndexesOf(ordinal, k).Select(s => roster.Layout.OrdinalOf(RecordKind.School, s))
                .Where(roster.IsActive).Order().ToArray(),
            ("users", "mystudents") => roster.RelatedPeople(ordinal, k, UserRoles.Student),
            ("users", "myteachers") => roster.RelatedPeople(ordinal, k, UserRoles.Teacher),
            ("users", "mycontacts") => roster.RelatedPeople(ordinal, k, UserRoles.Contact),
            _ => null,
        };
        if (list is not null)
        {
            await Paging.WritePage(request, RecordSource.Of(list), collection + "/" + related);
            return;
        }

        long? single = (collection, related) switch
        {
            ("sections", "school") => roster.Layout.OrdinalOf(RecordKind.School, roster.Layout.SchoolOfSection(Index(roster, ordinal, k))),
            ("sections", "term") => roster.Layout.OrdinalOf(RecordKind.Term,
                roster.Layout.PeriodAndGroupOf(Index(roster, ordinal, k)).Period % DistrictLayout.TermCount),
            ("sections", "course") => roster.OrdinalOf(roster.BuildSection(ordinal).Course),
            _ => null,
        };
        if (single is { } target && roster.ActiveKindOf(target) is { } targetKind)
        {
            var targetId = roster.IdOf(target);
            await ApiResponses.WriteSingle(request, target, targetKind,
                [("self", $"/v3.0/{ApiResponses.CollectionOf(targetKind)}/{targetId}")]);
            return;
        }
        await ApiResponses.HtmlNotFound(request.Http, request.Path);
    }

    private static long[] SectionUsers(DistrictRoster roster, int section, UserRoles role)
    {
        IEnumerable<long> people = role switch
        {
            UserRoles.Student => roster.StudentOrdinalsOfSection(section),
            UserRoles.Teacher => roster.TeacherOrdinalsOfSection(section),
            _ => roster.StudentOrdinalsOfSection(section).Concat(roster.TeacherOrdinalsOfSection(section)),
        };
        return people.Distinct().Order().ToArray();
    }

    private static int Index(DistrictRoster roster, long ordinal, RecordKind kind) =>
        ordinal < roster.Layout.BaseEnd ? (int)(ordinal - roster.Layout.StartOf(kind))
            : throw new InvalidOperationException("Added records have no base index.");
}
