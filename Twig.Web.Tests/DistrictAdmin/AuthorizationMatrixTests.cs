using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>
/// Every page and page handler of the app × every kind of visitor → page (P), 403 (F), redirect to sign-in (L), 404 (N) or
/// another redirect (R). The list of pages and handlers is read from the running app, so a new page without a row fails this
/// test. POSTs by visitors who may make them ("-") are not sent here (each feature's tests cover them); every refused POST is
/// sent, and afterwards nothing about either district has changed. Ids in URLs belong to district "home": the owner of
/// another district must never see or change them. (The refusal page answers 403 by design; a handler-less POST to an import
/// only redirects to its GET, which then decides.)
/// </summary>
public sealed partial class AuthorizationMatrixTests(SliceFixture fixture) : SliceTest(fixture)
{
    internal static readonly string[] Roles = ["anonymous", "student", "teacher", "school admin", "district admin", "owner", "other owner", "support", "support admin"];

    //                                                                                       anon stu tea sad dad own oth sup adm
    internal static readonly (string Key, string Expected)[] Matrix =
    [
        ("GET /", "PRRRRRRRR"),
        ("GET /account/password", "LFFFFPPPP"),
        ("POST /account/password", "LFFFF----"),
        ("GET /account/two-factor", "LFFFFPPPP"),
        ("GET /account/time-zone", "LFFFFPPPP"),
        ("POST /account/time-zone", "LFFFF----"),
        ("GET /account/two-factor?handler=Qr", "LFFFFPPNN"),
        ("POST /account/two-factor", "LFFFF----"),
        ("POST /account/two-factor?handler=Disable", "LFFFF--FF"),
        ("GET /classes", "LPPPPFFFF"),
        ("GET /classes/schools/{schoolId:int}", "LNNPPFFFF"),
        ("GET /district", "LFFFFPPFF"),
        ("GET /district?handler=Progress", "LFFFFPNFF"),
        ("POST /district?handler=Sync", "LFFFF--FF"),
        ("GET /district/import", "LFFFFPPFF"),
        ("GET /district/import?handler=Template", "LFFFFPPFF"),
        ("GET /district/import?handler=ClassesTemplate", "LFFFFPPFF"),
        ("POST /district/import", "LFFFF--FF"),
        ("GET /district/import/history", "LFFFFPPFF"),
        ("GET /district/import/{importId:int}", "LFFFFPNFF"),
        ("GET /district/import/{importId:int}?handler=Report", "LFFFFPNFF"),
        ("POST /district/import/{importId:int}", "LRRRRRRRR"),
        ("POST /district/import/{importId:int}?handler=Confirm", "LFFFF-NFF"),
        ("POST /district/import/{importId:int}?handler=Cancel", "LFFFF-NFF"),
        ("GET /district/oneroster", "LFFFFPPFF"),
        ("POST /district/oneroster", "LFFFF--FF"),
        ("GET /district/oneroster/{importId:int}", "LFFFFNNFF"),
        ("GET /district/oneroster/{importId:int}?handler=Report", "LFFFFNNFF"),
        ("POST /district/oneroster/{importId:int}", "LRRRRRRRR"),
        ("POST /district/oneroster/{importId:int}?handler=Confirm", "LFFFF-NFF"),
        ("POST /district/oneroster/{importId:int}?handler=Cancel", "LFFFF-NFF"),
        ("GET /district/licence", "LFFFFPPFF"),
        ("GET /district/data", "LFFFFPPFF"),
        ("GET /district/data?handler=Download", "LFFFFNNFF"),
        ("POST /district/data?handler=Export", "LFFFF--FF"),
        ("POST /district/data?handler=CancelDeletion", "LFFFFFFFF"),
        ("GET /privacy", "PPPPPPPPP"),
        ("GET /support/data-to-delete", "LFFFFFFPP"),
        ("GET /support/districts/{districtId:int}/data", "LFFFFFFPP"),
        ("GET /support/districts/{districtId:int}/data?handler=Download", "LFFFFFFFN"),
        ("POST /support/districts/{districtId:int}/data?handler=Export", "LFFFFFFF-"),
        ("POST /support/districts/{districtId:int}/data?handler=CancelDeletion", "LFFFFFFF-"),
        ("GET /support/districts/{districtId:int}/delete", "LFFFFFFFP"),
        ("POST /support/districts/{districtId:int}/delete?handler=Review", "LFFFFFFF-"),
        ("POST /support/districts/{districtId:int}/delete?handler=Confirm", "LFFFFFFF-"),
        ("GET /support/districts/{districtId:int}/deletion/{deletionId:int}", "LFFFFFFNN"),
        ("GET /support/districts/{districtId:int}/deletion/{deletionId:int}?handler=Download", "LFFFFFFNN"),
        ("GET /districts/{districtId:int}/classes", "LFFFFPFPP"),
        ("GET /districts/{districtId:int}/people", "LFFFFPFPP"),
        ("GET /districts/{districtId:int}/people?handler=UsersCsv", "LFFFFPFFP"),
        ("GET /districts/{districtId:int}/sync", "LFFFFPFPP"),
        ("POST /districts/{districtId:int}/sync?handler=Sync", "LFFFF-FF-"),
        ("POST /districts/{districtId:int}/sync?handler=EventsMode", "LFFFFFFF-"),
        ("GET /districts/{districtId:int}/sync/runs/{runId:int}", "LFFFFPFPP"),
        ("GET /districts/{districtId:int}/sync/runs/{runId:int}?handler=Progress", "LFFFFPFPP"),
        ("GET /districts/{districtId:int}/sync/runs/{runId:int}?handler=Warnings", "LFFFFPFPP"),
        ("GET /districts/{districtId:int}/sync/runs/{runId:int}/review", "LFFFFPFPP"),
        ("POST /districts/{districtId:int}/sync/runs/{runId:int}/review?handler=Approve", "LFFFF-FF-"),
        ("POST /districts/{districtId:int}/sync/runs/{runId:int}/review?handler=Discard", "LFFFF-FF-"),
        ("GET /districts/{districtId:int}/settings", "LFFFFPFFP"),
        ("POST /districts/{districtId:int}/settings", "LFFFF-FF-"),
        ("GET /districts/{districtId:int}/clever", "LFFFFPFPP"),
        ("POST /districts/{districtId:int}/clever?handler=Pause", "LFFFF-FF-"),
        ("POST /districts/{districtId:int}/clever?handler=Resume", "LFFFF-FF-"),
        ("POST /districts/{districtId:int}/clever?handler=Recheck", "LFFFFFFF-"),
        ("GET /error/{code:int?}", "NNNNNNNNN"),
        ("POST /error/{code:int?}", "NNNNNNNNN"),
        ("GET /login", "PPPPPPPPP"),
        ("POST /login", "---------"),
        ("GET /login/district", "PPPPPPPPP"),
        ("GET /login/external", "RRRRRRRRR"),
        ("POST /login/external", "---------"),
        ("GET /login/google/district", "RRRRRRRRR"),
        ("POST /login/google/district", "---------"),
        ("GET /login/refused/{reason}", "FFFFFFFFF"),
        ("GET /login/reset", "PPPPPPPPP"),
        ("GET /login/two-factor", "RRRRRRRRR"),
        ("POST /login/two-factor", "---------"),
        ("POST /login/reset", "---------"),
        ("GET /login/{slug}", "PPPPPPPPP"),
        ("POST /login/{slug}", "---------"),
        ("GET /logout", "RPPPPPPPP"),
        ("POST /logout", "---------"),
        ("GET /notifications", "LFFFFPPPP"),
        ("POST /notifications?handler=Read", "LFFFF----"),
        ("POST /notifications?handler=ReadAll", "LFFFF----"),
        ("GET /notifications/settings", "LFFFFPPPP"),
        ("POST /notifications/settings", "LFFFF----"),
        ("GET /support", "LFFFFFFPP"),
        ("GET /support/accounts", "LFFFFFFFP"),
        ("GET /support/accounts/{userId}/reset-password", "LFFFFFFFP"),
        ("POST /support/accounts/{userId}/reset-password", "LFFFFFFF-"),
        ("GET /support/connections", "LFFFFFFPP"),
        ("POST /support/connections?handler=Discover", "LFFFFFFF-"),
        ("POST /support/connections?handler=Approve", "LFFFFFFF-"),
        ("POST /support/connections?handler=Reject", "LFFFFFFF-"),
        ("GET /support/notifications", "LFFFFFFPP"),
        ("GET /support/districts/new", "LFFFFFFFP"),
        ("POST /support/districts/new", "LFFFFFFF-"),
        ("GET /support/districts/{districtId:int}", "LFFFFFFPP"),
        ("POST /support/districts/{districtId:int}?handler=Approve", "LFFFFFFF-"),
        ("POST /support/districts/{districtId:int}?handler=Reject", "LFFFFFFF-"),
        ("GET /support/districts/{districtId:int}/audit", "LFFFFFFPP"),
        ("GET /support/districts/{districtId:int}/import", "LFFFFPFFP"),
        ("GET /support/districts/{districtId:int}/import?handler=Template", "LFFFFPFFP"),
        ("GET /support/districts/{districtId:int}/import?handler=ClassesTemplate", "LFFFFPFFP"),
        ("POST /support/districts/{districtId:int}/import", "LFFFF-FF-"),
        ("GET /support/districts/{districtId:int}/import/history", "LFFFFPFPP"),
        ("GET /support/districts/{districtId:int}/oneroster", "LFFFFPFFP"),
        ("POST /support/districts/{districtId:int}/oneroster", "LFFFF-FF-"),
        ("GET /support/districts/{districtId:int}/oneroster/{importId:int}", "LFFFFNFNN"),
        ("GET /support/districts/{districtId:int}/oneroster/{importId:int}?handler=Report", "LFFFFNFNN"),
        ("POST /support/districts/{districtId:int}/oneroster/{importId:int}", "LRRRRRRRR"),
        ("POST /support/districts/{districtId:int}/oneroster/{importId:int}?handler=Confirm", "LFFFF-FF-"),
        ("POST /support/districts/{districtId:int}/oneroster/{importId:int}?handler=Cancel", "LFFFF-FF-"),
        ("GET /support/districts/{districtId:int}/import/{importId:int}", "LFFFFPFPP"),
        ("GET /support/districts/{districtId:int}/import/{importId:int}?handler=Report", "LFFFFPFPP"),
        ("POST /support/districts/{districtId:int}/import/{importId:int}", "LRRRRRRRR"),
        ("POST /support/districts/{districtId:int}/import/{importId:int}?handler=Confirm", "LFFFF-FF-"),
        ("POST /support/districts/{districtId:int}/import/{importId:int}?handler=Cancel", "LFFFF-FF-"),
        ("GET /support/districts/{districtId:int}/licence", "LFFFFPFPP"),
        ("GET /support/districts/{districtId:int}/owner", "LFFFFFFFP"),
        ("POST /support/districts/{districtId:int}/owner?handler=Create", "LFFFFFFF-"),
        ("POST /support/districts/{districtId:int}/owner?handler=Reset", "LFFFFFFF-"),
        ("GET /support/districts/{districtId:int}/settings", "LFFFFFFFP"),
        ("POST /support/districts/{districtId:int}/settings", "LFFFFFFF-"),
        ("GET /support/districts/{districtId:int}/source", "LFFFFFFFP"),
        ("POST /support/districts/{districtId:int}/source", "LFFFFFFF-"),
        ("GET /support/districts/{districtId:int}/subscription", "LFFFFFFFP"),
        ("POST /support/districts/{districtId:int}/subscription", "LFFFFFFF-"),
    ];

    [Fact]
    public async Task Every_page_and_handler_answers_each_kind_of_visitor_as_designed()
    {
        var world = await ArrangeAsync(Fixture);
        var discovered = await DiscoverAsync();
        var table = Matrix.ToDictionary(m => m.Key, m => m.Expected);
        var missing = discovered.Where(k => !table.ContainsKey(k)).ToList();
        var stale = table.Keys.Where(k => !discovered.Contains(k)).ToList();
        var failures = new StringBuilder();
        var sessions = await SessionsAsync(world);
        var before = await SnapshotAsync();
        try
        {
            foreach (var post in new[] { false, true })
                foreach (var (key, expected) in Matrix.Where(m => m.Key.StartsWith("POST") == post && discovered.Contains(m.Key)))
                    for (var role = 0; role < Roles.Length; role++)
                    {
                        if (expected[role] == '-') continue;
                        var actual = await OutcomeAsync(sessions[role], key, world, role);
                        if (actual != expected[role]) failures.AppendLine($"{key} as {Roles[role]}: expected {expected[role]}, got {actual}");
                    }
        }
        finally
        {
            foreach (var session in sessions) session.Session.Dispose();
        }

        Assert.True(missing.Count == 0, "Pages or handlers without a row in the matrix:\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "Rows for pages or handlers that no longer exist:\n" + string.Join("\n", stale));
        Assert.True(failures.Length == 0, failures.ToString());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Every_menu_link_of_each_visitor_opens_a_page_they_may_see()
    {
        var world = await ArrangeAsync(Fixture);
        var sessions = await SessionsAsync(world);
        var failures = new StringBuilder();
        try
        {
            for (var role = 0; role < Roles.Length; role++)
            {
                var home = await sessions[role].Session.GetPageAsync("/");
                var menu = MenuLink().Matches(home.Html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
                if (role > 0 && menu.Count == 0) failures.AppendLine($"{Roles[role]}: no menu links on {home.Response.RequestMessage?.RequestUri}");
                foreach (var href in menu)
                {
                    var page = href.Length == 0 ? null : await sessions[role].Session.GetPageAsync(href);
                    if (page?.Response.StatusCode != HttpStatusCode.OK)
                        failures.AppendLine($"{Roles[role]}: menu link \"{href}\" answers {(int?)page?.Response.StatusCode}");
                }
            }
        }
        finally
        {
            foreach (var session in sessions) session.Session.Dispose();
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [System.Text.RegularExpressions.GeneratedRegex("<a class=\"nav-link\" href=\"([^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex MenuLink();

    internal sealed record World(District Home, District Other, int FailedRunId, int HeldRunId, int ImportId, string OwnerUserId, string OtherOwnerEmail, string OwnerEmail)
    {
        /// <summary>A school of "home" that its school administrator ("sad") is linked to.</summary>
        public int SchoolId { get; init; }
    }

    private sealed record Visitor(TwigSession Session, string? Token);

    /// <summary>Two districts; "home" has a failed and a held run, an invalid import and one person of each role (password <see cref="Accounts.Password"/>).</summary>
    internal static async Task<World> ArrangeAsync(SliceFixture fixture)
    {
        var home = await fixture.InsertDistrictAsync("home", seats: 50);
        var other = await fixture.InsertDistrictAsync("other", seats: 50);
        var failed = new SyncRun
        {
            DistrictId = home.Id, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = DateTime.UtcNow.AddHours(-3),
            Status = SyncRunStatus.Failed, Phase = SyncPhase.Done, FinishedAt = DateTime.UtcNow.AddHours(-3), Message = "Clever answered 500.",
            Issues = [new SyncIssue { Severity = IssueSeverity.Warning, EntityType = RosterEntityType.Person, ExternalId = "x1", Message = "Missing last name" }],
        };
        var held = new SyncRun
        {
            DistrictId = home.Id, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = DateTime.UtcNow.AddHours(-1),
            Status = SyncRunStatus.HeldForReview, Phase = SyncPhase.Done, FinishedAt = DateTime.UtcNow.AddHours(-1), Message = "Held for review.",
        };
        var import = new CsvImport
        {
            DistrictId = home.Id, UploadedBy = "owner", UploadedAt = DateTime.UtcNow, FileName = "users.csv", Sha256 = "00", Status = CsvImportStatus.Invalid,
            Issues = [new CsvImportIssue { Severity = IssueSeverity.Error, RowNumber = 2, Column = "role", Message = "bad role" }],
        };
        await fixture.InsertAsync(failed, held, import);

        var hasher = fixture.Services.GetRequiredService<IPasswordHasher<Person>>();
        var people = new[] { ("stu", PersonRoles.Student), ("tea", PersonRoles.Teacher), ("sad", PersonRoles.SchoolAdmin), ("dad", PersonRoles.DistrictAdmin) }
            .Select(p =>
            {
                var person = new Person
                {
                    DistrictId = home.Id, Source = RosterSource.Csv, ExternalId = p.Item1, FirstName = "Pat", LastName = p.Item1, Roles = p.Item2,
                    CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                };
                person.SetUsername(p.Item1);
                person.PasswordHash = hasher.HashPassword(person, Accounts.Password);
                return (object)person;
            }).ToArray();
        await fixture.InsertAsync(people);
        var school = new School { DistrictId = home.Id, Source = RosterSource.Csv, ExternalId = "north", Name = "North", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        await fixture.InsertAsync(school);
        var schoolAdmin = people.Cast<Person>().Single(p => p.ExternalId == "sad");
        await fixture.InsertAsync(new PersonSchool { PersonId = schoolAdmin.Id, SchoolId = school.Id });

        var ownerEmail = await fixture.CreateAsync(TwigRoles.DistrictOwner, home.Id);
        var otherEmail = await fixture.CreateAsync(TwigRoles.DistrictOwner, other.Id);
        var ownerId = await fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == ownerEmail).Select(u => u.Id).SingleAsync());
        return new World(home, other, failed.Id, held.Id, import.Id, ownerId, otherEmail, ownerEmail) { SchoolId = school.Id };
    }

    private async Task<List<Visitor>> SessionsAsync(World world)
    {
        var visitors = new List<Visitor> { new(Fixture.CreateSession(), null) };
        foreach (var username in new[] { "stu", "tea", "sad", "dad" })
        {
            var session = Fixture.CreateSession();
            var response = await session.SubmitFormAsync("/login/home", new Dictionary<string, string> { ["Data.Username"] = username, ["Data.Password"] = Accounts.Password });
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{username} could not sign in: {(int)response.StatusCode}");
            visitors.Add(await WithTokenAsync(session));
        }
        foreach (var email in new[] { world.OwnerEmail, world.OtherOwnerEmail })
        {
            var session = Fixture.CreateSession();
            await session.SignInAsync(email, Accounts.Password);
            visitors.Add(await WithTokenAsync(session));
        }
        foreach (var role in new[] { TwigRoles.Support, TwigRoles.SupportAdmin })
            visitors.Add(await WithTokenAsync(await Fixture.SignedInSessionAsync(role)));
        return visitors;
    }

    private static async Task<Visitor> WithTokenAsync(TwigSession session) =>
        new(session, (await session.GetPageAsync("/error/404")).AntiforgeryToken());

    private static async Task<char> OutcomeAsync(Visitor visitor, string key, World world, int role)
    {
        var space = key.IndexOf(' ');
        var method = key[..space];
        var url = UrlFor(key[(space + 1)..], world);
        var response = method == "GET"
            ? await visitor.Session.GetAsync(url)
            : await visitor.Session.PostFormAsync(url, new Dictionary<string, string> { ["connectionId"] = "0" }, visitor.Token);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => 'P',
            HttpStatusCode.Forbidden => 'F',
            HttpStatusCode.NotFound => 'N',
            _ when TwigSession.IsRedirect(response.StatusCode) && PathOf(response.Headers.Location!).StartsWith("/login?ReturnUrl=", StringComparison.Ordinal) => 'L',
            _ when TwigSession.IsRedirect(response.StatusCode) => 'R',
            _ => (char)('0' + (int)response.StatusCode / 100),
        };
    }

    /// <summary>The route of a matrix row with the ids of <paramref name="world"/>'s district "home" filled in.</summary>
    internal static string UrlFor(string route, World world)
    {
        var url = route
            .Replace("{districtId:int}", world.Home.Id.ToString())
            .Replace("{schoolId:int}", world.SchoolId.ToString())
            .Replace("{runId:int}/review", $"{world.HeldRunId}/review")
            .Replace("{runId:int}", world.FailedRunId.ToString())
            .Replace("{importId:int}", world.ImportId.ToString())
            .Replace("{deletionId:int}", "999999")
            .Replace("{userId}", world.OwnerUserId)
            .Replace("{code:int?}", "404")
            .Replace("{reason}", "deactivated")
            .Replace("{slug}", "home");
        if (url.EndsWith("?handler=Progress", StringComparison.Ordinal) && url.StartsWith("/district?", StringComparison.Ordinal)) url += $"&run={world.FailedRunId}";
        return url;
    }

    private static string PathOf(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    /// <summary>"GET /route?handler=Name" for every handler of every Razor page the app serves.</summary>
    private async Task<HashSet<string>> DiscoverAsync()
    {
        var keys = new HashSet<string>();
        var loader = Fixture.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in Fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page) continue;
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            foreach (var handler in compiled.HandlerMethods)
                keys.Add($"{handler.HttpMethod.ToUpperInvariant()} {route}{(handler.Name is null ? "" : "?handler=" + handler.Name)}");
        }
        return keys;
    }

    private Task<string> SnapshotAsync() => Fixture.ExecuteDbContextAsync(async db =>
        string.Join("|",
            await db.SyncRuns.OrderBy(r => r.Id).Select(r => r.Id + ":" + r.Status).ToListAsync(),
            string.Join(",", await db.Subscriptions.OrderBy(s => s.Id).Select(s => s.LicensedStudentSeats + "/" + s.Status).ToListAsync()),
            string.Join(",", await db.Districts.OrderBy(d => d.Id).Select(d => d.Name + d.NightlySyncEnabled + d.DeactivationThresholdPercent).ToListAsync()),
            string.Join(",", await db.Users.OrderBy(u => u.Email).Select(u => u.Email + u.PasswordHash + u.SecurityStamp).ToListAsync()),
            string.Join(",", await db.CsvImports.OrderBy(i => i.Id).Select(i => i.Id + ":" + i.Status).ToListAsync()),
            await db.CleverConnections.CountAsync()));
}
