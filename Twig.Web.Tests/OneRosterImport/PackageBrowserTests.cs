using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.OneRosterImport;

public sealed class PackageBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task The_owner_uploads_a_OneRoster_package_confirms_it_and_a_teacher_signs_in_and_sees_the_class_with_its_students()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync(seats: 20);
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        var folder = Directory.CreateTempSubdirectory("twig-oneroster-");
        var zip = Path.Combine(folder.FullName, "roster.zip");
        // Grace Hopper's password comes from the package because the owner opts in.
        await File.WriteAllBytesAsync(zip, Packages.Bulk11(users: Packages.Users11.Replace("grace@example.org,,,,,", "grace@example.org,,,,,compass-rose-77")));

        await BrowserFixture.SignInAsync(page, email);
        await page.WaitForURLAsync("**/district");
        Assert.Contains("Getting started with a OneRoster package", await page.GetByTestId("checklist").InnerTextAsync());

        await page.GetByTestId("csv-roster").GetByRole(AriaRole.Link, new() { Name = "Upload a OneRoster package" }).ClickAsync();
        await page.WaitForURLAsync("**/district/oneroster");
        await page.GetByLabel("OneRoster package (.zip)").SetInputFilesAsync(zip);
        await page.GetByLabel("Take passwords from the package's users.csv").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/district/oneroster/[0-9]+$"));
        Assert.Contains("Preview: nothing has changed yet.", await page.GetByTestId("outcome").InnerTextAsync());
        var counts = await page.GetByTestId("preview-counts").InnerTextAsync();
        Assert.Contains("people\t5", counts);
        Assert.Contains("classes\t2", counts);
        Assert.Contains("Active students after this package: 2 of 20", await page.GetByTestId("licence").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm and apply" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/district/oneroster/[0-9]+$"));
        Assert.Contains("Applied", await page.GetByTestId("outcome").InnerTextAsync());

        await page.GotoAsync("/district/import/history");
        Assert.Contains("roster.zip", await page.GetByTestId("history").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login**");
        await page.GotoAsync($"/login/{district.Slug}");
        await page.GetByLabel("Username").FillAsync("ghopper");
        await page.GetByLabel("Password").FillAsync("compass-rose-77");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/classes");

        var classes = await page.GetByTestId("teacher-classes").InnerTextAsync();
        Assert.Contains("Science 3A", classes);
        Assert.Contains("Maple Elementary", classes);
        var students = await page.GetByTestId("teacher-classes").GetByTestId("student").AllInnerTextsAsync();
        Assert.Equal(["Ada Lovelace", "Alan Turing"], students.Order(StringComparer.Ordinal));
        folder.Delete(recursive: true);
    }
}
