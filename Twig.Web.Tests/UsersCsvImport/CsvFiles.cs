using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>Builds users.csv files and runs them through the import's own messages.</summary>
public static class CsvFiles
{
    public const string Header = "user_id,first_name,last_name,username,password,role,email,school_names";

    public static byte[] Utf8(string text, bool bom = false) =>
        bom ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text);

    public static string Row(string userId, string role = "student", string? username = null, string? password = null,
        string? email = null, string first = "First", string last = "Last", string schools = "") =>
        $"{userId},{first},{last},{username},{password},{role},{email},{schools}";

    /// <summary>A file of students s1..sN (usernames u1..uN, e-mails kidN@example.org, no passwords so no hashing cost).</summary>
    public static string Students(int count, int from = 1)
    {
        var text = new StringBuilder(Header).Append('\n');
        for (var i = from; i < from + count; i++) text.Append(Row($"s{i}", username: $"u{i}", first: $"Kid{i}", email: $"kid{i}@example.org")).Append('\n');
        return text.ToString();
    }

    public static string File(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    public static Task<Upload.Result?> UploadAsync(this SliceFixture fixture, int districtId, string csv, string name = "users.csv") =>
        fixture.SendAsync(new Upload.Command(districtId, name, Utf8(csv)));

    public static Task<Review.ApplyResult?> ConfirmAsync(this SliceFixture fixture, int districtId, int importId, int? archive = null) =>
        fixture.SendAsync(new Review.Command(districtId, importId, archive));

    /// <summary>Uploads and confirms; fails the test when either step does not succeed.</summary>
    public static async Task<Review.ApplyResult> ImportAsync(this SliceFixture fixture, int districtId, string csv, int? archive = null)
    {
        var upload = (await fixture.UploadAsync(districtId, csv))!;
        Assert.True(upload.Status == CsvImportStatus.Previewed, $"{upload.Status}: {upload.Message}");
        var applied = (await fixture.ConfirmAsync(districtId, upload.ImportId, archive))!;
        Assert.True(applied.Outcome == Review.ApplyOutcome.Applied, applied.Message);
        return applied;
    }

    public static Task<List<Person>> PeopleAsync(this SliceFixture fixture, int districtId) =>
        fixture.ExecuteDbContextAsync(db => db.People.AsNoTracking().Include(p => p.Schools).ThenInclude(s => s.School)
            .Where(p => p.DistrictId == districtId).OrderBy(p => p.ExternalId).ToListAsync());

    public static Task<List<string>> IssuesAsync(this SliceFixture fixture, int importId) =>
        fixture.ExecuteDbContextAsync(db => db.CsvImportIssues.AsNoTracking().Where(i => i.CsvImportId == importId)
            .OrderBy(i => i.Id).Select(i => $"{i.Severity} row {i.RowNumber} {i.Column}: {i.Message}").ToListAsync());

    /// <summary>Posts a file to the upload form as a browser would (multipart, with the form's antiforgery token).</summary>
    public static async Task<HttpResponseMessage> PostFileAsync(this TwigSession session, string uploadUrl, byte[] content, string fileName = "users.csv")
    {
        var page = await session.GetPageAsync(uploadUrl);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(page.AntiforgeryToken()), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "CsvFile", fileName);
        return await session.Client.PostAsync(uploadUrl, form);
    }
}
