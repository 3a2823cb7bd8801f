using System.Net;
using System.Text.RegularExpressions;

namespace Twig.Web.Tests.Harness;

/// <summary>
/// One visitor's HTTP conversation with Twig: its own cookies, no automatic redirects (tests look at them),
/// and form posts that carry the antiforgery token the page rendered, as a browser would.
/// </summary>
public sealed partial class TwigSession : IDisposable
{
    private readonly HttpClient _client;

    public TwigSession(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
        };
    }

    public CookieContainer Cookies { get; }
    public HttpClient Client => _client;

    public Task<HttpResponseMessage> GetAsync(string url) => _client.GetAsync(url);

    /// <summary>GETs a page and follows redirects, like a person clicking a link.</summary>
    public async Task<Page> GetPageAsync(string url)
    {
        var response = await FollowAsync(await _client.GetAsync(url));
        return new Page(response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Submits the form of <paramref name="formPageUrl"/> (the first one, or the one posting to <paramref name="action"/>).</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(string formPageUrl, IDictionary<string, string> fields, string? action = null)
    {
        var page = await GetPageAsync(formPageUrl);
        return await PostFormAsync(action ?? formPageUrl, fields, page.AntiforgeryToken());
    }

    public Task<HttpResponseMessage> PostFormAsync(string url, IDictionary<string, string> fields, string? antiforgeryToken)
    {
        var body = new Dictionary<string, string>(fields);
        if (antiforgeryToken is not null) body["__RequestVerificationToken"] = antiforgeryToken;
        return _client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response, int maxHops = 10)
    {
        for (var hop = 0; hop < maxHops && IsRedirect(response.StatusCode); hop++)
        {
            var location = response.Headers.Location!;
            response = await _client.GetAsync(location.IsAbsoluteUri ? location : new Uri(_client.BaseAddress!, location));
        }
        return response;
    }

    public async Task<(string Email, string Password)> SignInAsync(string email, string password)
    {
        var response = await SubmitFormAsync("/login", new Dictionary<string, string>
        {
            ["Data.Email"] = email,
            ["Data.Password"] = password,
        });
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.StartsWith("/login/two-factor", StringComparison.Ordinal))
            response = await SubmitFormAsync(response.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = await Accounts.NextCodeAsync(email) });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in of {email} failed with {(int)response.StatusCode}.");
        return (email, password);
    }

    public static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    public void Dispose() => _client.Dispose();

    public sealed partial record Page(HttpResponseMessage Response, string Html)
    {
        public HttpStatusCode Status => Response.StatusCode;

        public string AntiforgeryToken() =>
            TokenPattern().Match(Html) is { Success: true } match
                ? WebUtility.HtmlDecode(match.Groups[1].Value)
                : throw new InvalidOperationException("The page has no antiforgery token.");

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();
    }
}
