using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>The owner's and support's pages over real HTTP: who may do what, and what they see.</summary>
public sealed class ImportPagesTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_owner_uploads_sees_the_errors_downloads_a_safe_report_then_confirms_a_fixed_file()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var upload = await owner.GetPageAsync("/district/import");
        Assert.Equal(HttpStatusCode.OK, upload.Status);
        Assert.Contains("school_names", upload.Html);

        var bad = CsvFiles.Header + ",=HYPERLINK(\"http://evil.example\")\n" + CsvFiles.Row("s1", "pupil", password: "secret-pw-1") + ",x\n";
        var posted = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(bad));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var reviewUrl = posted.Headers.Location!.OriginalString;
        Assert.Matches("^/district/import/[0-9]+$", reviewUrl);

        var review = await owner.GetPageAsync(reviewUrl);
        Assert.Contains("This file was not imported", review.Html);
        Assert.Contains("role &quot;pupil&quot; is not student, teacher or administrator.", review.Html);

        var report = await owner.Client.GetAsync(reviewUrl + "?handler=Report");
        Assert.Equal("text/csv", report.Content.Headers.ContentType!.MediaType);
        var csv = Encoding.UTF8.GetString(await report.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("file,row,column,severity,message\r\nusers.csv,2,role,error,", csv);
        Assert.Contains("1,\"'=HYPERLINK(\"\"http://evil.example\"\")\",warning,", csv);
        Assert.DoesNotContain("secret-pw-1", csv);

        var fixedFile = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(CsvFiles.File(CsvFiles.Row("s1", username: "kid1", password: "secret-pw-1"))));
        var previewUrl = fixedFile.Headers.Location!.OriginalString;
        var preview = await owner.GetPageAsync(previewUrl);
        Assert.Contains("Preview: nothing has changed yet.", preview.Html);
        Assert.Contains("Active students after this upload: <strong>1</strong> of", preview.Html);

        Assert.Contains($"action=\"{previewUrl}?handler=Confirm\"", preview.Html);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(preview.Html, "__RequestVerificationToken")); // the confirm form's own, and sign-out's
        var confirmed = await owner.PostFormAsync(previewUrl + "?handler=Confirm", new Dictionary<string, string>(), preview.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains(".</strong> 1 created, ", (await owner.GetPageAsync(previewUrl)).Html); // "Applied" said once

        var history = await owner.GetPageAsync("/district/import/history");
        Assert.Contains("Errors, not applied", history.Html);
        Assert.Contains(">Applied<", history.Html);
    }

    [Fact]
    public async Task The_template_has_the_headers_and_two_example_rows()
    {
        var district = await Fixture.InsertDistrictAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var response = await owner.GetAsync("/district/import?handler=Template");

        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').TrimEnd().Split("\r\n");
        Assert.Equal(CsvFiles.Header, lines[0]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task Uploading_without_a_file_keeps_the_form_with_a_message()
    {
        var district = await Fixture.InsertDistrictAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var response = await owner.SubmitFormAsync("/district/import", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose users.csv, classes.csv, or both, to upload.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_empty_users_csv_is_refused_as_empty_and_a_blank_file_field_asks_for_a_file()
    {
        var district = await Fixture.InsertDistrictAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var empty = await owner.PostFileAsync("/district/import", []);
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        var review = await owner.GetPageAsync(empty.Headers.Location!.OriginalString);
        Assert.Contains("The file is empty. It needs a header row and one row per person.", review.Html);
        Assert.Equal(CsvImportStatus.Invalid, (await Fixture.ExecuteDbContextAsync(db => db.CsvImports.SingleAsync())).Status);

        // A browser sends a blank file field as a part with no file name and no bytes.
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent((await owner.GetPageAsync("/district/import")).AntiforgeryToken()), "__RequestVerificationToken");
        var part = new ByteArrayContent([]);
        part.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = "\"CsvFile\"", FileName = "\"\"" };
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(part);
        var blank = await owner.Client.PostAsync("/district/import", form);
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.Contains("Choose users.csv, classes.csv, or both, to upload.", await blank.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Support_sees_the_history_read_only_and_a_support_admin_uploads_for_the_district()
    {
        var district = await Fixture.InsertDistrictAsync();
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.Students(2), "first.csv"))!;
        var basePath = $"/support/districts/{district.Id}/import";

        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);
        var history = await support.GetPageAsync(basePath + "/history");
        Assert.Equal(HttpStatusCode.OK, history.Status);
        Assert.Contains("first.csv", history.Html);
        Assert.DoesNotContain("Confirm and apply", (await support.GetPageAsync($"{basePath}/{upload.ImportId}")).Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync(basePath)).StatusCode);
        var confirm = await support.PostFormAsync($"{basePath}/{upload.ImportId}?handler=Confirm", new Dictionary<string, string>(),
            (await support.GetPageAsync(basePath + "/history")).AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);

        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        Assert.Contains($"acting for <strong>District test</strong>", (await admin.GetPageAsync(basePath)).Html);
        var posted = await admin.PostFileAsync(basePath, CsvFiles.Utf8(CsvFiles.Students(3)));
        Assert.StartsWith(basePath + "/", posted.Headers.Location!.OriginalString);
        var preview = await admin.GetPageAsync(posted.Headers.Location!.OriginalString);
        var confirmed = await admin.PostFormAsync(posted.Headers.Location!.OriginalString + "?handler=Confirm", new Dictionary<string, string>(), preview.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(3, await Fixture.CountAsync<Person>());
    }

    [Fact]
    public async Task An_owner_cannot_reach_another_districts_imports()
    {
        var mine = await Fixture.InsertDistrictAsync("mine");
        var theirs = await Fixture.InsertDistrictAsync("theirs");
        var upload = (await Fixture.UploadAsync(theirs.Id, CsvFiles.Students(2)))!;
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, mine.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/district/import/{upload.ImportId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/district/import/{upload.ImportId}?handler=Report")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync($"/support/districts/{theirs.Id}/import/history")).StatusCode);
    }

    [Fact]
    public async Task Errors_are_paged()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 1000);
        var rows = Enumerable.Range(1, 150).Select(i => CsvFiles.Row($"s{i}", "pupil")).ToArray();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var posted = await owner.PostFileAsync("/district/import", CsvFiles.Utf8(CsvFiles.File(rows)));
        var url = posted.Headers.Location!.OriginalString;

        var first = await owner.GetPageAsync(url);
        Assert.Contains("Errors (150)", first.Html);
        Assert.Contains("<td>101</td>", first.Html);
        Assert.DoesNotContain("<td>102</td>", first.Html);
        var second = await owner.GetPageAsync(url + "?p=2");
        Assert.Contains("<td>151</td>", second.Html);
    }

    [Fact]
    public async Task A_file_over_50_MB_is_refused_on_the_page_with_a_clear_message()
    {
        var district = await Fixture.InsertDistrictAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var huge = new byte[50 * 1024 * 1024 + 1024];
        Array.Fill(huge, (byte)'a');

        var response = await owner.PostFileAsync("/district/import", huge);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("at most 50 MB can be uploaded", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await Fixture.CountAsync<CsvImport>());
    }
}
