using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Sandbox;
using Twig.Sandbox.Model;
using Twig.Web.Domain;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Login;

public sealed class CleverSignInTests(SliceFixture fixture) : SliceTest(fixture)
{
    private async Task<(District District, SandboxDistrict Clever)> SyncedDistrictAsync(int students = 60)
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: students);
        await Fixture.SyncAsync(district.Id);
        return (district, clever);
    }

    private static string FullName(CleverUser user) => $"{user.Name.First} {user.Name.Last}".Trim();

    [Fact]
    public async Task A_student_signs_in_with_the_button_and_sees_their_classes_teachers_and_schools()
    {
        var (_, clever) = await SyncedDistrictAsync();
        var student = clever.Roster.AnyStudent();
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, student.Id);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/classes", page.PathOf());
        var text = page.Text();
        Assert.Contains($"Signed in as {FullName(student)}", text.Replace("<strong>", "").Replace("</strong>", ""));
        var sections = clever.Roster.SectionsOf(student.Id).ToList();
        Assert.NotEmpty(sections);
        foreach (var section in sections)
        {
            Assert.Contains(section.Name, text);
            Assert.Contains(clever.Roster.FindSchool(section.School)!.Name, text);
        }
        var teacher = clever.Roster.FindUser(clever.Roster.SectionsOf(student.Id).First().Teacher!)!;
        Assert.Contains(FullName(teacher), text);
        Assert.DoesNotContain("Classes I teach", text);
    }

    [Fact]
    public async Task A_teacher_sees_their_classes_with_the_students_in_each()
    {
        var (_, clever) = await SyncedDistrictAsync();
        var teacher = clever.Roster.AnyTeacherWithSections();
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, teacher.Id);

        var text = page.Text();
        Assert.Contains("Classes I teach", text);
        var section = clever.Roster.SectionsOf(teacher.Id).First();
        Assert.Contains(section.Name, text);
        foreach (var studentId in section.Students.Take(5))
            Assert.Contains(FullName(clever.Roster.FindUser(studentId)!), text);
        Assert.DoesNotContain("My schools", text);
    }

    [Fact]
    public async Task A_school_administrator_sees_their_schools_with_counts()
    {
        var (district, clever) = await SyncedDistrictAsync();
        var staff = clever.Roster.AnyStaff();
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, staff.Id);

        var text = page.Text();
        Assert.Contains("My schools", text);
        var school = clever.Roster.FindSchool(staff.Roles.Staff!.Schools[0])!;
        Assert.Contains(school.Name, text);
        var classes = await Fixture.ExecuteDbContextAsync(db => db.Sections.CountAsync(s => s.DistrictId == district.Id && s.IsActive && s.School!.ExternalId == school.Id));
        Assert.True(classes > 0);
        Assert.Contains($">{classes}<", page.Html);
        Assert.DoesNotContain("Classes I teach", text);
    }

    [Fact]
    public async Task A_district_administrator_sees_every_school_of_the_district()
    {
        var (_, clever) = await SyncedDistrictAsync();
        var admin = clever.Roster.AnyDistrictAdmin();
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, admin.Id);

        var text = page.Text();
        Assert.Contains("Schools in", text);
        foreach (var school in clever.Roster.Schools()) Assert.Contains(school.Name, text);
    }

    [Fact]
    public async Task A_person_with_several_roles_gets_all_of_them()
    {
        // Every teacher whose index ends in 3 is also staff: at least four teachers are needed.
        var (_, clever) = await SyncedDistrictAsync(students: 100);
        var person = clever.Roster.AnyMultiRolePerson();
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, person.Id);

        var text = page.Text();
        Assert.Contains("Classes I teach", text);
        Assert.Contains("My schools", text);
    }

    [Fact]
    public async Task A_parent_is_told_that_Twig_has_no_parent_access()
    {
        var (_, clever) = await SyncedDistrictAsync();
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, clever.Roster.AnyContact().Id);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("no parent access", page.Text());
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/classes")).StatusCode);
    }

    [Fact]
    public async Task A_portal_launch_without_state_signs_the_student_in()
    {
        var (_, clever) = await SyncedDistrictAsync();
        var student = clever.Roster.AnyStudent();
        using var session = Fixture.CreateSession();

        var launch = await session.GetAsync($"/sandbox/clever/portal/launch?district_id={clever.Id}&user_id={student.Id}");
        var arrival = launch.Headers.Location!.ToString();
        Assert.Contains("/signin-clever?code=", arrival);
        Assert.DoesNotContain("state=", arrival);

        var frontDoor = await session.GetAsync(arrival);
        Assert.Equal(HttpStatusCode.Redirect, frontDoor.StatusCode);
        var authorize = frontDoor.Headers.Location!.ToString();
        Assert.Contains("/sandbox/clever/oauth/authorize", authorize);
        Assert.Contains("state=", authorize);

        var page = await session.FollowAsync(frontDoor);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("/classes", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(clever.Roster.SectionsOf(student.Id).First().Name, System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_new_Clever_login_replaces_the_session_on_a_shared_computer()
    {
        var (_, clever) = await SyncedDistrictAsync();
        var teacher = clever.Roster.AnyTeacherWithSections();
        var student = clever.Roster.AnyStudent();
        using var session = Fixture.CreateSession();
        await session.SignInWithCleverAsync(clever.Id, teacher.Id);

        var page = await session.LaunchFromPortalAsync(clever.Id, student.Id);

        var text = page.Text();
        Assert.Contains(FullName(student), text);
        Assert.DoesNotContain("Classes I teach", text);
    }

    [Fact]
    public async Task A_replayed_callback_continues_the_session_without_a_second_exchange()
    {
        var (_, clever) = await SyncedDistrictAsync();
        var student = clever.Roster.AnyStudent();
        using var session = Fixture.CreateSession();
        var (callback, _) = await session.SignInWithCleverAsync(clever.Id, student.Id);

        var replay = await session.GetAsync(callback.ToString());

        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Equal("/", replay.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/classes")).StatusCode);
    }

    [Fact]
    public async Task A_replayed_callback_without_a_session_restarts_sign_in_quietly()
    {
        var (_, clever) = await SyncedDistrictAsync();
        var student = clever.Roster.AnyStudent();
        using var first = Fixture.CreateSession();
        var (callback, _) = await first.SignInWithCleverAsync(clever.Id, student.Id);

        using var other = Fixture.CreateSession();
        var replay = await other.GetAsync(callback.ToString());

        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/sandbox/clever/oauth/authorize", replay.Headers.Location!.ToString());
    }

    [Fact]
    public async Task An_expired_code_gets_a_friendly_page_with_a_way_back()
    {
        var (_, clever) = await SyncedDistrictAsync();
        using var session = Fixture.CreateSession();
        var authorize = await session.PressButtonAsync("clever");
        var callback = await session.ChooseCleverPersonAsync(authorize, clever.Id, clever.Roster.AnyStudent().Id);
        // Clever no longer knows a code older than a minute: the sandbox answers invalid_grant, as for any code it does not know.
        var expired = callback.ToString().Replace("code=", "code=expired", StringComparison.Ordinal);

        var page = await session.GetPageAsync(expired);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Your Clever sign-in expired", page.Text());
        Assert.Contains("Sign in with Clever again", page.Text());
    }

    [Fact]
    public async Task A_person_not_synced_yet_is_told_to_wait_for_tonights_sync()
    {
        var (_, clever) = await Fixture.ConnectedDistrictAsync(students: 60);
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, clever.Roster.AnyStudent().Id);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Twig doesn't know you yet", page.Text());
        Assert.Contains("tonight's sync", page.Text());
    }

    [Fact]
    public async Task A_deactivated_person_is_told_their_account_is_off()
    {
        var (district, clever) = await SyncedDistrictAsync();
        var student = clever.Roster.AnyStudent();
        await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.DistrictId == district.Id && p.ExternalId == student.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false)));
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, student.Id);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Your Twig account is not active", page.Text());
    }

    [Fact]
    public async Task A_person_of_a_disconnected_district_is_told_the_district_is_not_connected()
    {
        var (district, clever) = await SyncedDistrictAsync();
        await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CleverConnectionState.Disconnected)));
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, clever.Roster.AnyTeacherWithSections().Id);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Your district is not connected to Twig", page.Text());
    }

    [Fact]
    public async Task A_person_of_a_district_whose_subscription_expired_is_told_to_renew()
    {
        var (district, clever) = await SyncedDistrictAsync();
        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndsOn, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2))));
        using var session = Fixture.CreateSession();

        var (_, page) = await session.SignInWithCleverAsync(clever.Id, clever.Roster.AnyStudent().Id);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("subscription is not active", page.Text());
    }

    [Fact]
    public async Task The_button_sends_the_district_when_the_login_link_names_it()
    {
        var (district, clever) = await SyncedDistrictAsync();
        using var session = Fixture.CreateSession();

        var authorize = await session.PressButtonAsync("clever", district: district.Slug);

        Assert.Contains($"district_id={clever.Id}", authorize.Query);
    }

    [Fact]
    public async Task A_clever_districts_own_sign_in_page_offers_clever_and_no_username_form_nobody_could_use()
    {
        var (district, clever) = await SyncedDistrictAsync();
        using var session = Fixture.CreateSession();

        var page = await session.GetPageAsync($"/login/{district.Slug}");
        Assert.Contains("signs in with Clever.", page.Text());
        Assert.DoesNotContain("Data.Password", page.Html);
        Assert.DoesNotContain("Sign in with Google", page.Html); // Clever people sign in with Clever
        var pressed = await session.SubmitFormAsync($"/login/{district.Slug}",
            new Dictionary<string, string> { ["provider"] = "clever", ["district"] = district.Slug }, "/login/external");
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        Assert.Contains($"district_id={clever.Id}", pressed.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Once someone in the district has a password (a users.csv person kept through a source switch), the form is back.
        await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.DistrictId == district.Id).Take(1)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.PasswordHash, "not-a-real-hash")));
        Assert.Contains("Data.Password", (await session.GetPageAsync($"/login/{district.Slug}")).Html);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    public async Task Return_urls_of_the_Clever_button_stay_on_this_site(string returnUrl)
    {
        var (_, clever) = await SyncedDistrictAsync();
        using var session = Fixture.CreateSession();
        var authorize = await session.PressButtonAsync("clever", returnUrl: returnUrl);
        var callback = await session.ChooseCleverPersonAsync(authorize, clever.Id, clever.Roster.AnyStudent().Id);

        var signedIn = await session.GetAsync(callback.ToString());

        // Refused as a return URL, so the student lands on their own home page, on this site.
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/classes", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_buttons_refuse_a_post_without_antiforgery_token()
    {
        using var session = Fixture.CreateSession();

        var response = await session.PostFormAsync("/login/external", new Dictionary<string, string> { ["provider"] = "clever" }, antiforgeryToken: null);

        // Refused, nothing started: no challenge to Clever, only the sign-in page again (a stale tab's post lands the same way).
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login/external", response.Headers.Location!.OriginalString);
        Assert.Equal("/login", (await session.GetAsync("/login/external")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_is_a_post_and_ends_the_Clever_session()
    {
        var (_, clever) = await SyncedDistrictAsync();
        using var session = Fixture.CreateSession();
        await session.SignInWithCleverAsync(clever.Id, clever.Roster.AnyStudent().Id);

        await session.GetAsync("/logout");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/classes")).StatusCode);

        await session.SubmitFormAsync("/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/classes")).StatusCode);
    }
}
