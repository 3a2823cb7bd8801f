using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.Login;

namespace Twig.Web.Tests.CleverSync;

/// <summary>Messages say what is true: no "after retries" for what was not retried, a page for unshared accounts, one status for refusals.</summary>
public sealed class HonestMessagesTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task A_refusal_from_Clever_that_is_not_retried_is_not_said_to_be_after_retries(int status)
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 20);
        clever.Faults.Fail(status, onPage: 1, collection: "sections");

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains($"Clever answered {status} for sections", run.Message);
        Assert.Contains("Twig did not retry it", run.Message);
        Assert.DoesNotContain("after retries", run.Message);
    }

    [Fact]
    public async Task A_server_error_that_persists_is_still_said_to_be_after_retries()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 20);
        clever.Faults.Fail(503, onPage: 1, collection: "sections", times: 50);

        var run = await Fixture.SyncAsync(district.Id);

        Assert.Contains("Clever answered 503 for sections after retries.", run.Message);
    }

    [Fact]
    public async Task A_Clever_account_Twig_has_never_seen_gets_a_page_saying_it_is_not_shared_and_whom_to_ask()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 40);
        await Fixture.SyncAsync(district.Id);
        // A student Clever holds but the district's sharing never sent to Twig (added after the last sync, never synced). Not
        // just anyone Twig lacks: a student the sync left out for a missing name is told that instead (record-incomplete).
        var synced = clever.Roster.Users("student").Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        clever.Changes.AddStudents(10);
        var unseen = clever.Roster.Users("student").Select(u => u.Id).First(id => !synced.Contains(id));
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, unseen);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("/login/refused/not-shared", page.PathOf());
        Assert.Contains("Your Clever account is not shared with Twig", page.Text());
        Assert.Contains("Ask your school's Clever or technology contact", page.Text());
        Assert.DoesNotContain("Sign in with Clever again", page.Text());
    }

    [Fact]
    public async Task A_Clever_account_the_sync_left_out_for_missing_data_is_told_so_not_that_it_is_unshared()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 200); // enough for one with a missing field
        var run = await Fixture.SyncAsync(district.Id);
        var incomplete = clever.Roster.AnyStudentMissingMandatoryField().Id;
        Assert.Contains(run.Issues, i => i.ExternalId == incomplete);
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, incomplete);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("/login/refused/record-incomplete", page.PathOf());
        Assert.Contains("Your Clever record is missing something Twig needs", page.Text());
        Assert.DoesNotContain("not shared", page.Text());
    }

    [Fact]
    public async Task Every_refusal_page_answers_with_the_same_status_code()
    {
        using var session = Fixture.CreateSession();
        string[] reasons = ["not-synced", "not-shared", "deactivated", "district-not-connected", "subscription", "parent", "clever-expired",
            "clever-failed", "google-unverified", "google-unknown", "google-use-clever", "google-shared", "google-admin-policy", "google-failed",
            "record-incomplete"];

        foreach (var reason in reasons)
            Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync($"/login/refused/{reason}")).StatusCode);
    }

    [Fact]
    public async Task Twigs_reader_ignores_the_ext_and_location_fields_real_Clever_records_carry()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 30);
        using var http = new HttpClient { BaseAddress = Fixture.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", clever.Token);
        using var students = JsonDocument.Parse(await http.GetStringAsync("/sandbox/clever-api/v3.0/users?role=student"));
        var role = students.RootElement.GetProperty("data")[0].GetProperty("data").GetProperty("roles").GetProperty("student");
        Assert.Equal(JsonValueKind.Object, role.GetProperty("ext").ValueKind);
        using var schools = JsonDocument.Parse(await http.GetStringAsync("/sandbox/clever-api/v3.0/schools"));
        Assert.Equal(JsonValueKind.Object, schools.RootElement.GetProperty("data")[0].GetProperty("data").GetProperty("ext").ValueKind);

        var run = await Fixture.SyncAsync(district.Id);

        // The only warnings are the sandbox's deliberately nameless people (how many depends on the seed): nothing about
        // the extra fields.
        Assert.All(run.Issues, i => Assert.Matches("^Person has no (first|last) name; skipped", i.Message));
        Assert.Equal(run.Issues.Count == 0 ? SyncRunStatus.Succeeded : SyncRunStatus.SucceededWithWarnings, run.Status);
        Assert.Equal(RosterOracle.People(clever).Count, run.Count(RosterEntityType.Person).Created);
    }
}
