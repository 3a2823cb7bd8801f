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
internal sealed partial class CleverApiHandler(CleverSandbox sandbox, RateLimiter limiter)
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
            await ApiResponses.Message(http, StatusCodes.Status429TooManyRequests,
                "Too Many Requests: try again after rate limit period expires");
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

    private static IEnumerable<(string Rel, string Uri)> SingleLinks(ApiRequest request, string collection, string id, RecordKind kind,
        long ordinal)
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
