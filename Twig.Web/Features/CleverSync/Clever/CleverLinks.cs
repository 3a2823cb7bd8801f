namespace Twig.Web.Features.CleverSync.Clever;

/// <summary>
/// Paths, ours and the <c>next</c> links Clever sends, are appended to a configured Clever base URL. A link such as
/// <c>@evil.example/v3.0/users</c> would move the request, with the district's token or Twig's client secret, to
/// another host; every URL is checked to stay on the base's scheme, host and port before anything is sent. Clever's links
/// are relative today; an absolute one (its Swagger gives <c>uri</c> no format) is taken as it is, under the same check.
/// </summary>
public static class CleverLinks
{
    public static Uri OnHost(string baseUrl, string pathAndQuery)
    {
        var absolute = pathAndQuery.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || pathAndQuery.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        if (Uri.TryCreate(baseUrl, UriKind.Absolute, out var origin)
            && Uri.TryCreate(absolute ? pathAndQuery : baseUrl + pathAndQuery, UriKind.Absolute, out var url)
            && url.Scheme == origin.Scheme && string.Equals(url.Host, origin.Host, StringComparison.OrdinalIgnoreCase)
            && url.Port == origin.Port
            && string.IsNullOrEmpty(url.UserInfo))
            return url;
        throw new CleverFetchException($"Clever sent a link that leaves {origin?.Host ?? "its host"}; stopped without following it.");
    }
}
