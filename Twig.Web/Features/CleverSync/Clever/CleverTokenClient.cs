using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Twig.Web.Infrastructure.Clever;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.CleverSync.Clever;

/// <summary>The district-app tokens Clever holds for Twig: one per district that connected the app.</summary>
public sealed class CleverTokenClient(HttpClient http, IOptions<CleverOptions> options, SelfUrl self)
{
    public sealed record DistrictToken(string CleverDistrictId, string AccessToken);

    public async Task<IReadOnlyList<DistrictToken>> ListDistrictTokensAsync(CancellationToken ct)
    {
        var baseUrl = self.Resolve(options.Value.OAuthBaseUrl);
        var tokens = new List<DistrictToken>();
        string? next = "/oauth/tokens?owner_type=district";
        var visited = new HashSet<string>(StringComparer.Ordinal);
        while (next is not null && visited.Add(next))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, CleverLinks.OnHost(baseUrl, next));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Value.ClientId}:{options.Value.ClientSecret}")));
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new CleverFetchException("Clever refused Twig's client id and secret (401). Check Clever:ClientId and " +
                    "Clever:ClientSecret.");
            if (!response.IsSuccessStatusCode)
                throw new CleverFetchException($"Clever answered {(int)response.StatusCode} when listing district connections.");
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var page = await JsonSerializer.DeserializeAsync(body, CleverJson.Default.CleverTokenList, ct);
            foreach (var item in page?.Data ?? [])
                if (item is { Owner: { Type: "district", Id: { } id }, AccessToken: { Length: > 0 } token })
                    tokens.Add(new DistrictToken(id, token));
            next = page?.Links?.FirstOrDefault(l => l.Rel == "next")?.Uri;
        }
        return tokens;
    }
}
