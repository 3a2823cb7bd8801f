using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>Builds classes.csv files and sends them, alone or with users.csv, through the import's own messages.</summary>
public static class ClassFiles
{
    public const string Header = "class_id,class_name,school_name,grade,subject,teacher_ids,student_ids";

    public static string Row(string classId, string teachers, string students, string name = "Science", string school = "Lincoln", string grade = "5", string subject = "Science") =>
        $"{classId},{name},{school},{grade},{subject},{teachers},{students}";

    public static string File(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    /// <summary>A users.csv with teacher t1, teacher t2 and students s1..s3, all at Lincoln.</summary>
    public static string People() => CsvFiles.File(
        CsvFiles.Row("t1", "teacher", username: "tina", first: "Tina", last: "Teach", schools: "Lincoln"),
        CsvFiles.Row("t2", "teacher", username: "theo", first: "Theo", last: "Tutor", schools: "Lincoln"),
        CsvFiles.Row("s1", username: "sam", first: "Sam", last: "Able", schools: "Lincoln"),
        CsvFiles.Row("s2", username: "sue", first: "Sue", last: "Baker", schools: "Lincoln"),
        CsvFiles.Row("s3", username: "sid", first: "Sid", last: "Cole", schools: "Lincoln"));

    public static Task<Upload.Result?> UploadPairAsync(this SliceFixture fixture, int districtId, string users, string classes) =>
        fixture.SendAsync(new Upload.Command(districtId, "users.csv", CsvFiles.Utf8(users), "classes.csv", CsvFiles.Utf8(classes)));

    public static Task<Upload.Result?> UploadClassesAsync(this SliceFixture fixture, int districtId, string classes) =>
        fixture.UploadClassesAsync(districtId, CsvFiles.Utf8(classes));

    public static Task<Upload.Result?> UploadClassesAsync(this SliceFixture fixture, int districtId, byte[] classes) =>
        fixture.SendAsync(new Upload.Command(districtId, "classes.csv", null, "classes.csv", classes));

    /// <summary>Confirms an upload that must be a clean preview; fails the test otherwise.</summary>
    public static async Task<Review.ApplyResult> ApplyAsync(this SliceFixture fixture, int districtId, Upload.Result? upload)
    {
        Assert.True(upload!.Status == CsvImportStatus.Previewed, $"{upload.Status}: {upload.Message}");
        var applied = (await fixture.ConfirmAsync(districtId, upload.ImportId))!;
        Assert.True(applied.Outcome == Review.ApplyOutcome.Applied, applied.Message);
        return applied;
    }

    /// <summary>Every error of an import as "file row column: message".</summary>
    public static Task<List<string>> ErrorsAsync(this SliceFixture fixture, int importId) =>
        fixture.ExecuteDbContextAsync(db => db.CsvImportIssues.AsNoTracking().Where(i => i.CsvImportId == importId && i.Severity == IssueSeverity.Error)
            .OrderBy(i => i.Id).Select(i => $"{i.File} row {i.RowNumber} {i.Column}: {i.Message}").ToListAsync());

    /// <summary>Each section of the district as "source:id name [active] teachers | students" with its active enrollments.</summary>
    public static Task<List<string>> ClassesAsync(this SliceFixture fixture, int districtId) =>
        fixture.ExecuteDbContextAsync(async db =>
        {
            var sections = await db.Sections.AsNoTracking().Where(s => s.DistrictId == districtId)
                .Select(s => new
                {
                    s.Source, s.ExternalId, s.Name, s.IsActive, School = s.School!.Name,
                    Teachers = s.Enrollments.Where(e => e.IsActive && e.Role == EnrollmentRole.Teacher).Select(e => e.Person!.ExternalId).ToList(),
                    Students = s.Enrollments.Where(e => e.IsActive && e.Role == EnrollmentRole.Student).Select(e => e.Person!.ExternalId).ToList(),
                })
                .ToListAsync();
            return sections.OrderBy(s => s.Source).ThenBy(s => s.ExternalId, StringComparer.Ordinal)
                .Select(s => $"{s.Source}:{s.ExternalId} {s.Name} @{s.School}{(s.IsActive ? "" : " [inactive]")} {string.Join(";", s.Teachers.Order(StringComparer.Ordinal))} | {string.Join(";", s.Students.Order(StringComparer.Ordinal))}")
                .ToList();
        });
}
