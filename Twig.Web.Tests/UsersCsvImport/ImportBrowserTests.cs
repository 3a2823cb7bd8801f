using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

public sealed class ImportBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task The_owner_fixes_a_file_confirms_it_and_an_imported_person_signs_in_with_a_username()
    {
        var district = await Fixture.InsertDistrictAsync("springfield", seats: 20);
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        var folder = Directory.CreateTempSubdirectory("twig-csv-");
        var badFile = Path.Combine(folder.FullName, "users.csv");
        var goodFile = Path.Combine(folder.FullName, "users-fixed.csv");
        await File.WriteAllTextAsync(badFile, CsvFiles.File(
            CsvFiles.Row("s1", username: "ada.l", password: "ada-password", first: "Ada", last: "Lovelace"),
            CsvFiles.Row("s2", "pupil", email: "not-an-address")));
        await File.WriteAllTextAsync(goodFile, CsvFiles.File(
            CsvFiles.Row("s1", username: "ada.l", password: "ada-password", first: "Ada", last: "Lovelace"),
            CsvFiles.Row("s2", "student", email: "grace@example.org", first: "Grace", last: "Hopper", schools: "Lincoln")));

        await BrowserFixture.SignInAsync(page, email);
        await page.WaitForURLAsync("**/district");

        await page.GotoAsync("/district/import");
        await page.GetByLabel("users.csv").SetInputFilesAsync(badFile);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await page.WaitForURLAsync("**/district/import/*");
        Assert.Contains("This file was not imported", await page.GetByTestId("outcome").InnerTextAsync());
        var errors = await page.GetByTestId("errors").InnerTextAsync();
        Assert.Contains("role \"pupil\" is not student, teacher or administrator.", errors);
        Assert.Contains("\"not-an-address\" is not a valid e-mail address.", errors);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("report-link").ClickAsync());
        var report = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("3,role,error,", report);
        Assert.Contains("3,email,error,", report);

        await page.GetByRole(AriaRole.Link, new() { Name = "Upload a corrected file" }).ClickAsync();
        await page.GetByLabel("users.csv").SetInputFilesAsync(goodFile);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await page.WaitForURLAsync("**/district/import/*");
        Assert.Contains("Preview: nothing has changed yet.", await page.GetByTestId("outcome").InnerTextAsync());
        Assert.Contains("student\t2", await page.GetByTestId("preview-counts").InnerTextAsync());
        Assert.Contains("Active students after this upload: 2 of 20", await page.GetByTestId("licence").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and apply" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/district/import/[0-9]+$"));
        Assert.Matches(@"^Applied .+\. 2 created, ", await page.GetByTestId("outcome").InnerTextAsync()); // said once

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login**");
        await page.GetByLabel("Your district's short name").FillAsync("springfield");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync("**/login/springfield");
        await page.GetByLabel("Username").FillAsync("Ada.L");
        await page.GetByLabel("Password").FillAsync("ada-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/classes");

        await page.GotoAsync("/login/springfield");
        Assert.Contains("Ada Lovelace", await page.GetByTestId("signed-in-as").InnerTextAsync());

        // The other imported person has no password: her e-mail lets her use "Sign in with Google".
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login**");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Google" }).ClickAsync();
        await page.GetByLabel("E-mail address").FillAsync("grace@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync("**/classes");
        Assert.Contains("Grace Hopper", await page.GetByTestId("signed-in-as").InnerTextAsync());
        folder.Delete(recursive: true);
    }
}
