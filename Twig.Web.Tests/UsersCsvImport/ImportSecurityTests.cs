using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>A waiting users.csv is unreadable at rest, is swept when it expires, and only its district's managers may send one.</summary>
public sealed class ImportSecurityTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task A_waiting_preview_stores_no_plaintext_password_and_still_applies()
    {
        var district = await Fixture.InsertDistrictAsync("csvrest");
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid1", password: "Plaintext-Secret-42"))))!;
        Assert.Equal(CsvImportStatus.Previewed, upload.Status);

        var stored = await Fixture.ExecuteDbContextAsync(db => db.CsvImportFiles.Where(f => f.CsvImportId == upload.ImportId).Select(f => f.Content).SingleAsync());
        Assert.DoesNotContain("Plaintext-Secret-42", Encoding.UTF8.GetString(stored));
        Assert.DoesNotContain("Plaintext-Secret-42", Encoding.Latin1.GetString(stored));
        Assert.DoesNotContain("user_id", Encoding.UTF8.GetString(stored));

        var applied = (await Fixture.ConfirmAsync(district.Id, upload.ImportId))!;
        Assert.Equal(Review.ApplyOutcome.Applied, applied.Outcome);
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id && p.PasswordHash != null)));
    }

    [Fact]
    public async Task The_scheduled_sweep_expires_an_abandoned_preview_and_deletes_its_file()
    {
        var district = await Fixture.InsertDistrictAsync("csvsweep");
        var upload = (await Fixture.UploadAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid1", password: "abandoned-pw-1"))))!;
        await Fixture.ExecuteDbContextAsync(db => db.CsvImports.Where(i => i.Id == upload.ImportId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));

        await Fixture.ExecuteScopeAsync(sp => sp.GetRequiredService<ImportMaintenance.Invocable>().Invoke());

        Assert.Equal(0, await Fixture.CountAsync<CsvImportFile>());
        Assert.Equal(CsvImportStatus.Expired, (await Fixture.FindAsync<CsvImport>(upload.ImportId))!.Status);
    }

    [Fact]
    public async Task Visitors_who_may_not_upload_are_refused_before_the_body_is_read()
    {
        var district = await Fixture.InsertDistrictAsync("csvbody");
        var other = await Fixture.InsertDistrictAsync("csvbodyother");
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);
        using var otherOwner = Fixture.CreateSession();
        await otherOwner.SignInAsync(await Fixture.CreateAsync(TwigRoles.DistrictOwner, other.Id), Accounts.Password);

        foreach (var session in new[] { support, otherOwner })
        {
            // No antiforgery token: had the form been read, antiforgery would answer 400; the refusal comes first.
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(new byte[2 * 1024 * 1024]);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "CsvFile", "users.csv");
            var response = await session.Client.PostAsync($"/support/districts/{district.Id}/import", form);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Equal(0, await Fixture.CountAsync<CsvImport>());
    }
}
