using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Login;

public sealed class SignInBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task A_teacher_clicks_Sign_in_with_Clever_and_sees_their_classes_and_students()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 60);
        await Fixture.SyncAsync(district.Id);
        var teacher = clever.Roster.AnyTeacherWithSections();
        var section = clever.Roster.SectionsOf(teacher.Id).First();
        var student = clever.Roster.FindUser(section.Students[0])!;
        var page = await browser.NewPageAsync(Fixture.BaseAddress);

        await page.GotoAsync($"/login?district={district.Slug}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Clever" }).ClickAsync();
        await page.Locator($"li[data-user-id='{teacher.Id}'] a").ClickAsync();

        await page.WaitForURLAsync("**/classes");
        Assert.Contains($"{teacher.Name.First} {teacher.Name.Last}", await page.GetByTestId("signed-in-as").InnerTextAsync());
        var classes = page.GetByTestId("teacher-classes");
        Assert.Contains(section.Name, await classes.InnerTextAsync());
        Assert.Contains($"{student.Name.First} {student.Name.Last}", await classes.InnerTextAsync());
    }

    [SkippableFact]
    public async Task The_menu_checkbox_is_a_tab_stop_on_a_phone_only_where_its_Menu_label_shows()
    {
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        foreach (var (width, tabStop) in new[] { (1366, false), (390, true) })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync("/login");
            await page.Locator(".navbar-brand").FocusAsync();
            await page.Keyboard.PressAsync("Tab");

            var focused = await page.EvaluateAsync<string>("document.activeElement.id");
            Assert.True(tabStop == (focused == "nav-toggle"), $"at {width} px Tab after the brand went to \"{focused}\"");
            Assert.Equal(tabStop, await page.GetByTestId("nav-toggle").IsVisibleAsync());
        }
    }

    [SkippableFact]
    public async Task A_student_launches_Twig_from_the_Clever_portal_and_sees_their_classes()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 60);
        await Fixture.SyncAsync(district.Id);
        var student = clever.Roster.AnyStudent();
        var page = await browser.NewPageAsync(Fixture.BaseAddress);

        await page.GotoAsync($"/sandbox/clever/portal?district_id={clever.Id}");
        await page.Locator($"li[data-user-id='{student.Id}'] a").ClickAsync();

        await page.WaitForURLAsync("**/classes");
        var classes = await page.GetByTestId("student-classes").InnerTextAsync();
        foreach (var section in clever.Roster.SectionsOf(student.Id)) Assert.Contains(section.Name, classes);
    }

    [SkippableFact]
    public async Task A_users_csv_person_clicks_Sign_in_with_Google_and_signs_in()
    {
        var district = await Fixture.InsertDistrictAsync("gbrowser");
        var person = new Person
        {
            DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = "csv-b1", FirstName = "Rosa", LastName = "Diaz",
            Roles = PersonRoles.Teacher, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        person.SetEmail("rosa.diaz@gbrowser.example.org");
        await Fixture.InsertAsync(person);
        var page = await browser.NewPageAsync(Fixture.BaseAddress);

        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Google" }).ClickAsync();
        await page.GetByLabel("E-mail address").FillAsync("rosa.diaz@gbrowser.example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await page.WaitForURLAsync("**/classes");
        Assert.Contains("Rosa Diaz", await page.GetByTestId("signed-in-as").InnerTextAsync());
        Assert.Contains("Classes I teach", await page.Locator("main").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login**");
        Assert.Equal(0, await page.GetByTestId("signed-in-as").CountAsync());
    }
}
