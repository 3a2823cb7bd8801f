using Microsoft.AspNetCore.Http;
using Twig.Sandbox.Generation;

namespace Twig.Sandbox.CleverApi;

/// <summary>One Data API call, parsed: who asks, for what path (as Clever sees it, e.g. /v3.0/users), with which paging.</summary>
internal sealed class ApiRequest(HttpContext http, TokenOwner owner, string path)
{
    public HttpContext Http { get; } = http;
    public TokenOwner Owner { get; } = owner;
    public SandboxDistrict District => Owner.District;
    public DistrictRoster Roster => Owner.District.Roster;

    /// <summary>The path relative to the API host, e.g. <c>/v3.0/users</c>; links are built from it.</summary>
    public string Path { get; } = path;

    /// <summary>"v3.0" or "v3.1": record and link URIs answer in the version asked for.</summary>
    public string Version => Path.StartsWith("/v3.1/", StringComparison.Ordinal) ? "v3.1" : "v3.0";

    public IQueryCollection Query => Http.Request.Query;
    public string? StartingAfter => Query["starting_after"].FirstOrDefault();
    public string? EndingBefore => Query["ending_before"].FirstOrDefault();

    /// <summary>The path and query exactly as asked: the <c>self</c> link.</summary>
    public string SelfUri => Path + Http.Request.QueryString.Value;

    /// <summary>The path with every query parameter except the cursors, ready for a new cursor.</summary>
    public string UriWithCursor(string name, string value)
    {
        var kept = Query.Where(p => p.Key is not ("starting_after" or "ending_before"))
            .SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Append(name + "=" + Uri.EscapeDataString(value));
        return Path + "?" + string.Join("&", kept);
    }
}
