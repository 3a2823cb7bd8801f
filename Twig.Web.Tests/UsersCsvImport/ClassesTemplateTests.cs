using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>The upload page's classes.csv template and column guide, as an owner trying Twig out finds them.</summary>
public sealed class ClassesTemplateTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_two_templates_uploaded_together_as_downloaded_make_a_valid_pair_and_the_guide_names_every_column()
    {
        var district = await Fixture.InsertDistrictAsync(slug: $"tpl-{Guid.NewGuid():N}"[..20], seats: 10);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var upload = await owner.GetPageAsync("/district/import");
        foreach (var column in new[] { "class_id", "class_name", "school_name", "grade", "subject", "teacher_ids", "student_ids" })
            Assert.Contains($"<code>{column}</code>", upload.Html);
        Assert.Contains("handler=ClassesTemplate", upload.Html);

        var users = await owner.GetAsync("/district/import?handler=Template");
        var classes = await owner.GetAsync("/district/import?handler=ClassesTemplate");
        Assert.Equal("text/csv", classes.Content.Headers.ContentType!.MediaType);
        var disposition = classes.Content.Headers.ContentDisposition!;
        Assert.Equal("classes-template.csv", disposition.FileNameStar ?? disposition.FileName);
        var classesCsv = await classes.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("class_id,class_name,school_name,grade,subject,teacher_ids,student_ids\r\n",
            Encoding.UTF8.GetString(classesCsv).TrimStart('\uFEFF'));

        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(upload.AntiforgeryToken()), "__RequestVerificationToken");
        foreach (var (field, name, content) in new[]
                 {
                     ("CsvFile", "users.csv", await users.Content.ReadAsByteArrayAsync()),
                     ("ClassesFile", "classes.csv", classesCsv),
                 })
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, field, name);
        }
        var posted = await owner.Client.PostAsync("/district/import", form);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var review = await owner.GetPageAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains("Preview: nothing has changed yet.", review.Html);
        Assert.Contains("Confirm and apply", review.Html);
        // Both files are named with their own hash, so either can be checked against the copy the district kept.
        var classesSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(classesCsv));
        Assert.Contains($"of classes.csv <code class=\"text-break\">{classesSha}</code>", review.Html);
        Assert.Empty(await Fixture.ExecuteDbContextAsync(db => db.CsvImportIssues
            .Where(i => i.Severity == IssueSeverity.Error && db.CsvImports.Any(c => c.Id == i.CsvImportId && c.DistrictId == district.Id))
            .Select(i => i.Message).ToListAsync()));
    }
}
