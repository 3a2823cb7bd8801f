using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>
/// The district policy checks the id in the URL, so the id a handler works on must be that one: an owner who names their own
/// district in the URL and the other district in a form body (on a GET too, where no antiforgery check runs) gets exactly the
/// answer of their own district and changes nothing of the other.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    [Fact]
    public async Task A_district_named_in_a_form_body_never_replaces_the_one_in_the_url()
    {
        var world = await ArrangeAsync(Fixture);
        var sessions = await SessionsAsync(world);
        var owner = sessions[Array.IndexOf(Roles, "other owner")];
        var homeBefore = await DistrictSettingsAsync(world.Home.Id);
        var failures = new StringBuilder();
        try
        {
            var ownUrl = world with { Home = world.Other };
            var smuggled = new Dictionary<string, string>
            {
                ["districtId"] = world.Home.Id.ToString(), ["Data.DistrictId"] = world.Home.Id.ToString(),
                ["Data.TimeZoneId"] = "Pacific/Honolulu", ["Data.DeactivationThresholdPercent"] = "90",
            };
            // GETs first: a POST's notice would show on whichever page is read next.
            foreach (var (key, _) in Matrix.Where(m => m.Key.Contains("{districtId:int}", StringComparison.Ordinal))
                         .OrderBy(m => m.Key.StartsWith("POST", StringComparison.Ordinal)))
            {
                var method = key.StartsWith("GET", StringComparison.Ordinal) ? HttpMethod.Get : HttpMethod.Post;
                var url = UrlFor(key[(key.IndexOf(' ') + 1)..], ownUrl);
                var plain = await SendAsync(owner, method, url, new Dictionary<string, string>(smuggled) { ["districtId"] = world.Other.Id.ToString(), ["Data.DistrictId"] = world.Other.Id.ToString() });
                var tampered = await SendAsync(owner, method, url, smuggled);
                if (plain != tampered) failures.AppendLine($"{key}: {Shorten(plain)}\n  with districtId={world.Home.Id} in the body: {Shorten(tampered)}");
            }
        }
        finally
        {
            foreach (var session in sessions) session.Session.Dispose();
        }

        Assert.True(failures.Length == 0, failures.ToString());
        Assert.Equal(homeBefore, await DistrictSettingsAsync(world.Home.Id));
    }

    /// <summary>Status and page, without what differs between two identical requests (antiforgery tokens, CSP nonces).</summary>
    private static async Task<string> SendAsync(Visitor visitor, HttpMethod method, string url, Dictionary<string, string> body)
    {
        var fields = method == HttpMethod.Post ? new Dictionary<string, string>(body) { ["__RequestVerificationToken"] = visitor.Token! } : body;
        using var request = new HttpRequestMessage(method, url) { Content = new FormUrlEncodedContent(fields) };
        using var response = await visitor.Session.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {response.Headers.Location} " + PerRequest().Replace(text, "");
    }

    private static string Shorten(string outcome) => outcome.Length <= 300 ? outcome : outcome[..300] + "…";

    [GeneratedRegex("(value|nonce|content)=\"[^\"]{30,}\"|\\d+ (second|minute)s? ago")]
    private static partial Regex PerRequest();

    private Task<string> DistrictSettingsAsync(int districtId) => Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == districtId)
        .Select(d => d.TimeZoneId + "|" + d.DeactivationThresholdPercent + "|" + d.NightlySyncEnabled + "|" + d.NightlyPausedUntil + "|" + d.CleverEventsMode)
        .SingleAsync());
}
