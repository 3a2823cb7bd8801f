using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Twig.Sandbox.Events;
using Twig.Sandbox.Generation;

namespace Twig.Sandbox.CleverApi;

/// <summary>
/// The sandbox api.clever.com: one entry point for every path under the API prefix, so that
/// authentication, rate-limit headers and faults apply uniformly and unknown paths get Clever's HTML 404.
/// </summary>
internal sealed class CleverApiHandler(CleverSandbox sandbox, RateLimiter limiter)
{
    public const int MaxLimit = 10_000;
    public const int DefaultLimit = 100;

    private static readonly string[] Collections = ["schools", "users", "sections", "terms", "courses"];

    public async Task Handle(HttpContext http, string? rest)
    {
        var path = "/" + (rest ?? "");
        var token = BearerToken(http.Request);
        if (token is null)
        {
            await ApiResponses.Message(http, StatusCodes.Status401Unauthorized, "Unauthorized");
            return;
        }

        var rate = limiter.Take(token, Math.Max(1, sandbox.App.RateLimitPerMinute));
        AddRateHeaders(http.Response, rate);
        var owner = sandbox.Authenticate(token);
        if (owner is null || owner.Revoked)
        {
            await ApiResponses.Message(http, StatusCodes.Status401Unauthorized, "Unauthorized");
            return;
        }

        var faults = owner.IsSso ? null : owner.District.Faults;
        if (faults is not null && faults.Delay > TimeSpan.Zero) await Task.Delay(faults.Delay, http.RequestAborted);
        if (!rate.Allowed || (faults?.TakeBurst() ?? false))
        {
            if (!rate.Allowed) http.Response.Headers["X-RateLimit-Remaining"] = "0";
            await ApiResponses.Message(http, StatusCodes.Status429TooManyRequests, "Too Many Requests: try again after rate limit period expires");
            return;
        }

        await Route(new ApiRequest(http, owner, path));
    }

    private async Task Route(ApiRequest request)
    {
        var segments = request.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["userinfo"])
        {
            await UserInfo(request);
            return;
        }
        if (segments.Length < 2 || segments[0] is not ("v3.0" or "v3.1"))
        {
            await ApiResponses.HtmlNotFound(request.Http, request.Path);
            return;
        }

        switch (segments[1..])
        {
            case ["me"]:
                await Me(request);
                return;
            case ["districts"]:
                if (request.Owner.IsSso) await OutOfScope(request);
                else await ApiResponses.WriteDistrict(request, asList: true);
                return;
            case ["districts", var id]:
                if (id == request.District.Id) await ApiResponses.WriteDistrict(request, asList: false);
                else await NotFound(request);
                return;
            case ["events"]:
                if (request.Owner.IsSso) await OutOfScope(request);
                else await EventFeed.List(request, sandbox.Time.GetUtcNow());
                return;
            case ["events", var eventId]:
                if (request.Owner.IsSso) await OutOfScope(request);
                else await EventFeed.Single(request, eventId, sandbox.Time.GetUtcNow());
                return;
            case [var collection] when Collections.Contains(collection):
                if (request.Owner.IsSso) await OutOfScope(request);
                else await List(request, collection);
                return;
            case [var collection, var id] when Collections.Contains(collection):
                await Single(request, collection, id);
                return;
            case [var collection, var id, var related] when Collections.Contains(collection):
                if (request.Owner.IsSso) await OutOfScope(request);
                else await Related(request, collection, id, related);
                return;
            default:
                await ApiResponses.HtmlNotFound(request.Http, request.Path);
                return;
        }
    }

    private async Task List(ApiRequest request, string collection)
    {
        var kinds = collection switch
        {
            "schools" => [RecordKind.School],
            "terms" => [RecordKind.Term],
            "courses" => [RecordKind.Course],
            "sections" => [RecordKind.Section],
            _ => (RecordKind[]?)null,
        };
        var role = UserRoles.None;
        if (kinds is null)
        {
            var roleValue = request.Query["role"].FirstOrDefault();
            if (!string.IsNullOrEmpty(roleValue) && !UserRoleNames.TryParse(roleValue, out role))
            {
                await ApiResponses.Message(request.Http, StatusCodes.Status400BadRequest, $"invalid role: {roleValue}");
                return;
            }
            kinds = UserRoleNames.KindsHolding(role);
        }
        var empty = request.District.Faults.RosterEmpty || request.Roster.Overrides.RosterEmptied;
        var source = empty ? RecordSource.Of([]) : RecordSource.Collection(request.Roster, kinds, role);
        await Paging.WritePage(request, source, collection);
    }

    private async Task Single(ApiRequest request, string collection, string id)
    {
        var ordinal = request.Roster.OrdinalOf(id);
        var kind = request.Roster.ActiveKindOf(ordinal);
        if (kind is null || ApiResponses.CollectionOf(kind.Value) != collection)
        {
            await NotFound(request);
            return;
        }
        if (request.Owner.IsSso && !(collection == "users" && id == request.Owner.UserId))
        {
            await OutOfScope(request);
            return;
        }
        await ApiResponses.WriteSingle(request, ordinal, kind.Value, SingleLinks(request, collection, id, kind.Value, ordinal));
    }

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
            ("users", "schools") => roster.SchoolIndexesOf(ordinal, k).Select(s => roster.Layout.OrdinalOf(RecordKind.School, s)).Where(roster.IsActive).Order().ToArray(),
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
            ("sections", "term") => roster.Layout.OrdinalOf(RecordKind.Term, roster.Layout.PeriodAndGroupOf(Index(roster, ordinal, k)).Period % DistrictLayout.TermCount),
            ("sections", "course") => roster.OrdinalOf(roster.BuildSection(ordinal).Course),
            _ => null,
        };
        if (single is { } target && roster.ActiveKindOf(target) is { } targetKind)
        {
            var targetId = roster.IdOf(target);
            await ApiResponses.WriteSingle(request, target, targetKind, [("self", $"/v3.0/{ApiResponses.CollectionOf(targetKind)}/{targetId}")]);
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
        ordinal < roster.Layout.BaseEnd ? (int)(ordinal - roster.Layout.StartOf(kind)) : throw new InvalidOperationException("Added records have no base index.");

    private static IEnumerable<(string Rel, string Uri)> SingleLinks(ApiRequest request, string collection, string id, RecordKind kind, long ordinal)
    {
        var self = $"/{request.Version}/{collection}/{id}";
        yield return ("self", self);
        yield return ("district", self + "/district");
        switch (collection)
        {
            case "schools":
                foreach (var rel in new[] { "sections", "users", "terms", "courses" }) yield return (rel, self + "/" + rel);
                break;
            case "sections":
                foreach (var rel in new[] { "school", "term", "course", "users" }) yield return (rel, self + "/" + rel);
                break;
            case "users":
                yield return ("sections", self + "/sections");
                yield return ("schools", self + "/schools");
                var roles = request.Roster.RolesOf(ordinal, kind);
                if ((roles & (UserRoles.Teacher | UserRoles.Contact)) != 0) yield return ("myStudents", self + "/mystudents");
                if (roles.HasFlag(UserRoles.Student))
                {
                    yield return ("myTeachers", self + "/myteachers");
                    yield return ("myContacts", self + "/mycontacts");
                }
                break;
        }
    }

    private static async Task Me(ApiRequest request)
    {
        var districtUri = "/v3.0/districts/" + request.District.Id;
        var sso = request.Owner.UserId;
        var type = sso is null ? "district" : "user";
        var data = new JsonObject { ["id"] = sso ?? request.District.Id, ["district"] = request.District.Id, ["type"] = type };
        if (sso is not null) data["authorized_by"] = "district";
        var links = new JsonArray { Link("self", "/me") };
        if (sso is not null) links.Add(Link("canonical", "/v3.0/users/" + sso));
        links.Add(Link("district", districtUri));
        var body = new JsonObject { ["type"] = type, ["data"] = data, ["links"] = links };
        request.Http.Response.ContentType = "application/json; charset=utf-8";
        await request.Http.Response.WriteAsync(body.ToJsonString(WireJson.Serializer));
    }

    /// <summary>The OIDC-style userinfo: the role of this login only, name as an object.</summary>
    private static async Task UserInfo(ApiRequest request)
    {
        if (request.Owner.UserId is not { } userId || request.Roster.FindUser(userId) is not { } user)
        {
            await NotFound(request);
            return;
        }
        var role = user.Roles.DistrictAdmin is not null ? "district_admin"
            : user.Roles.Teacher is not null ? "teacher"
            : user.Roles.Staff is not null ? "staff"
            : user.Roles.Student is not null ? "student" : "contact";
        var body = new JsonObject
        {
            ["sub"] = user.Id,
            ["user_id"] = user.Id,
            ["multi_role_user_id"] = user.Id,
            ["user_type"] = role,
            ["district_id"] = user.District,
            ["district"] = user.District,
            ["email"] = user.Email,
            ["name"] = new JsonObject { ["first"] = user.Name.First, ["last"] = user.Name.Last, ["middle"] = user.Name.Middle ?? "" },
            ["given_name"] = user.Name.First,
            ["family_name"] = user.Name.Last,
            ["email_verified"] = false,
            ["authorized_by"] = "district",
        };
        request.Http.Response.ContentType = "application/json; charset=utf-8";
        await request.Http.Response.WriteAsync(body.ToJsonString(WireJson.Serializer));
    }

    private static JsonObject Link(string rel, string uri) => new() { ["rel"] = rel, ["uri"] = uri };

    private static Task NotFound(ApiRequest request) =>
        ApiResponses.Message(request.Http, StatusCodes.Status404NotFound, "Not Found");

    private static Task OutOfScope(ApiRequest request) =>
        ApiResponses.Message(request.Http, StatusCodes.Status404NotFound, "Resource not in token's scopes");

    private static void AddRateHeaders(HttpResponse response, RateDecision rate)
    {
        response.Headers["X-RateLimit-Bucket"] = "bearer";
        response.Headers["X-RateLimit-Limit"] = rate.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = rate.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = rate.ResetUnixSeconds.ToString(CultureInfo.InvariantCulture);
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7
            ? header[7..].Trim()
            : null;
    }
}
