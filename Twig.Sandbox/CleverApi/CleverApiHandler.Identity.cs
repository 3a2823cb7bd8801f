using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Twig.Sandbox.CleverApi;

/// <summary>The identity endpoints a signed-in user's token reaches: <c>/me</c> and the OIDC-style userinfo.</summary>
internal sealed partial class CleverApiHandler
{
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
}
