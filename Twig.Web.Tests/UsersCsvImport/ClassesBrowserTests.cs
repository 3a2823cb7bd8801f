using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

public sealed class ClassesBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task The_owner_uploads_users_and_classes_confirms_and_a_teacher_signs_in_and_sees_the_class_with_its_students()
    {
        var district = await Fixture.InsertDistrictAsync("riverside", seats: 20);
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        var folder = Directory.CreateTempSubdirectory("twig-classes-");
        var usersFile = Path.Combine(folder.FullName, "users.csv");
        var classesFile = Path.Combine(folder.FullName, "classes.csv");
        await File.WriteAllTextAsync(usersFile, CsvFiles.File(
            CsvFiles.Row("T-1", "teacher", username: "ms.frizzle", password: "magic-school-bus", first: "Valerie", last: "Frizzle", schools: "Walkerville Elementary"),
            CsvFiles.Row("S-1", username: "arnold", first: "Arnold", last: "Perlstein", schools: "Walkerville Elementary"),
            CsvFiles.Row("S-2", username: "wanda", first: "Wanda", last: "Li", schools: "Walkerville Elementary")));
        await File.WriteAllTextAsync(classesFile, ClassFiles.File(
            ClassFiles.Row("C-3", "T-1", "S-1;S-2", name: "Field Trip Science", school: "Walkerville Elementary", grade: "3")));

        await BrowserFixture.SignInAsync(page, email);
        await page.WaitForURLAsync("**/district");

        await page.GotoAsync("/district/import");
        Assert.Contains("teacher_ids", await page.GetByTestId("classes-guide").InnerTextAsync());
        await page.GetByLabel("users.csv").SetInputFilesAsync(usersFile);
        await page.GetByLabel("classes.csv").SetInputFilesAsync(classesFile);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await page.WaitForURLAsync("**/district/import/*");
        Assert.Contains("Preview: nothing has changed yet.", await page.GetByTestId("outcome").InnerTextAsync());
        Assert.Contains("student\t2", await page.GetByTestId("preview-counts").InnerTextAsync());
        Assert.Contains("classes\t1", await page.GetByTestId("class-counts").InnerTextAsync());
        Assert.Contains("Enrollments in classes.csv: 3", await page.GetByTestId("enrollment-counts").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and apply" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/district/import/[0-9]+$"));
        var outcome = await page.GetByTestId("outcome").InnerTextAsync();
        Assert.Matches(@"^Applied .+\. 3 created, ", outcome); // said once
        Assert.Contains("Classes: 1 created", outcome);

        await page.GotoAsync("/district/import/history");
        Assert.Contains("users.csv + classes.csv", await page.GetByTestId("history").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login**");
        await page.GetByLabel("Your district's short name").FillAsync("riverside");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync("**/login/riverside");
        await page.GetByLabel("Username").FillAsync("ms.frizzle");
        await page.GetByLabel("Password").FillAsync("magic-school-bus");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/classes");

        var classes = await page.GetByTestId("teacher-classes").InnerTextAsync();
        Assert.Contains("Field Trip Science", classes);
        Assert.Contains("Walkerville Elementary", classes);
        Assert.Equal(["Wanda Li", "Arnold Perlstein"], await page.GetByTestId("teacher-classes").GetByTestId("student").AllInnerTextsAsync());
        folder.Delete(recursive: true);
    }
}
