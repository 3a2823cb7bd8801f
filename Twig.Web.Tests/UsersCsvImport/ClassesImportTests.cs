using Microsoft.EntityFrameworkCore;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Features.Classes;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>classes.csv, with users.csv or alone: every rule's message, what is written, and what never is.</summary>
public sealed class ClassesImportTests(SliceFixture fixture) : SliceTest(fixture)
{
    private const string Pair = "the users.csv uploaded with it";

    [Theory]
    [InlineData("c1,Science,Lincoln,5,,t1,s1\nc1,Math,Lincoln,5,,t2,s2", "classes.csv row 3 class_id: class_id \"c1\" is also on row 2; each class appears once.")]
    [InlineData(",Science,Lincoln,5,,t1,s1", "classes.csv row 2 class_id: class_id is required.")]
    [InlineData("c1,,Lincoln,5,,t1,s1", "classes.csv row 2 class_name: class_name is required.")]
    [InlineData("c1,Science,,5,,t1,s1", "classes.csv row 2 school_name: school_name is required: the name of the school the class belongs to.")]
    [InlineData("c1,Science,Nowhere High,5,,t1,s1", "classes.csv row 2 school_name: school_name \"Nowhere High\" is not an active school of the district. Check the spelling, or name it in the school_names of someone in " + Pair + ".")]
    [InlineData("c1,Science,Lincoln,5,,t9,s1", "classes.csv row 2 teacher_ids: teacher_ids names \"t9\", who is not an active person in " + Pair + ".")]
    [InlineData("c1,Science,Lincoln,5,,t1,s1;s9", "classes.csv row 2 student_ids: student_ids names \"s9\", who is not an active person in " + Pair + ".")]
    [InlineData("c1,Science,Lincoln,5,,T1,s1", "classes.csv row 2 teacher_ids: teacher_ids names \"T1\", who is not an active person in " + Pair + ".")]
    [InlineData("c1,Science,Lincoln,5,,t1;s1,s2", "classes.csv row 2 teacher_ids: teacher_ids names \"s1\", who is a student in " + Pair + "; a class's teachers must be teachers or administrators.")]
    [InlineData("c1,Science,Lincoln,5,,t1,s1;t2", "classes.csv row 2 student_ids: student_ids names \"t2\", who is not a student in " + Pair + ".")]
    [InlineData("c1,Science,Lincoln,5,,t1,\"s1,s2\"", "classes.csv row 2 student_ids: student_ids \"s1,s2\" separates ids with \",\"; separate them with ; (semicolon).")]
    [InlineData("c1,Science,Lincoln,5,,t1|t2,s1", "classes.csv row 2 teacher_ids: teacher_ids \"t1|t2\" separates ids with \"|\"; separate them with ; (semicolon).")]
    [InlineData("c1,Science,Lincoln,5,,t1,s1;t1", "classes.csv row 2 student_ids: \"t1\" is in both teacher_ids and student_ids; a person is in a class once, as a teacher or as a student.")]
    [InlineData("c1,Science,Lincoln,5,,t1,s1,s2", "classes.csv row 2 : This row has 8 values but the header has 7 columns. Separate the ids in teacher_ids and student_ids with ; (semicolon), and put a value holding a comma in double quotes.")]
    public async Task Each_rule_names_file_row_and_column_and_nothing_is_written(string rows, string expected)
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);

        var upload = (await Fixture.UploadPairAsync(district.Id, ClassFiles.People(), ClassFiles.Header + "\n" + rows + "\n"))!;

        Assert.Equal(CsvImportStatus.Invalid, upload.Status);
        Assert.Contains(expected, await Fixture.ErrorsAsync(upload.ImportId));
        Assert.Empty(await Fixture.PeopleAsync(district.Id)); // the pair is one upload: the valid users.csv is not applied either
        Assert.Equal(0, await Fixture.CountAsync<Section>());
    }

    [Theory]
    [InlineData("class_id,class_name,school_name,teacher_ids\nc1,Science,Lincoln,t1\n", "classes.csv row 1 : The header row is missing the required column student_ids. The first row must name the columns: class_id,class_name,school_name,grade,subject,teacher_ids,student_ids.")]
    [InlineData(ClassFiles.Header + "\n", "classes.csv row  : classes.csv has a header but no classes. An upload lists every CSV class of the district; an empty one would deactivate them all.")]
    [InlineData("", "classes.csv row  : classes.csv is empty. It needs a header row and one row per class.")]
    public async Task File_level_problems_name_the_file(string classes, string expected)
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var upload = (await Fixture.UploadPairAsync(district.Id, ClassFiles.People(), classes))!;
        Assert.Equal(CsvImportStatus.Invalid, upload.Status);
        Assert.Contains(expected, await Fixture.ErrorsAsync(upload.ImportId));
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_or_has_a_too_long_class_id_is_refused()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ApplyAsync(district.Id, await Fixture.UploadAsync(district.Id, ClassFiles.People()));

        var latin1 = (await Fixture.UploadClassesAsync(district.Id, [.. CsvFiles.Utf8(ClassFiles.Header + "\nc1,Ci"), 0xEA, .. CsvFiles.Utf8("ncias,Lincoln,5,,t1,s1\n")]))!;
        Assert.Contains("classes.csv row  : classes.csv is not UTF-8 text", Assert.Single(await Fixture.ErrorsAsync(latin1.ImportId)));

        var longId = (await Fixture.UploadClassesAsync(district.Id, ClassFiles.File(ClassFiles.Row(new string('c', 101), "t1", "s1"))))!;
        Assert.Equal("classes.csv row 2 class_id: class_id is 101 characters, longer than the 100 Twig stores. An id is never shortened: correct it in the file.",
            Assert.Single(await Fixture.ErrorsAsync(longId.ImportId)));
    }

    [Fact]
    public async Task Alone_classes_are_checked_against_the_active_people_already_imported()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ApplyAsync(district.Id, await Fixture.UploadAsync(district.Id, ClassFiles.People()));
        // s3 is archived by a later users.csv (one of five: above the 10 % threshold, so confirmed explicitly).
        var archiving = (await Fixture.UploadAsync(district.Id, ClassFiles.People().Replace("s3,Sid,Cole,sid,,student,,Lincoln\n", "")))!;
        Assert.Equal(Review.ApplyOutcome.Applied, (await Fixture.ConfirmAsync(district.Id, archiving.ImportId, archive: 1))!.Outcome);

        var upload = (await Fixture.UploadClassesAsync(district.Id, ClassFiles.File(ClassFiles.Row("c1", "t1", "s1;s3"))))!;

        Assert.Equal(["classes.csv row 2 student_ids: student_ids names \"s3\", who is not an active person in users.csv (as last imported)."], await Fixture.ErrorsAsync(upload.ImportId));
    }

    [Fact]
    public async Task A_pair_creates_people_classes_and_enrollments_and_the_teacher_sees_the_class_with_its_students()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var upload = await Fixture.UploadPairAsync(district.Id, ClassFiles.People(), ClassFiles.File(
            ClassFiles.Row("c1", "t1", "s1;s2", name: "Science 5A"),
            ClassFiles.Row("c2", "t1;t2", "s3", name: "Science 5B", grade: "", subject: "")));
        Assert.Equal(0, await Fixture.CountAsync<Section>());

        var preview = (await Fixture.SendAsync(new Review.Query(district.Id, upload!.ImportId, 1)))!.Preview!;
        Assert.Equal(
            new Review.ClassPreview { Create = 2, Update = 0, Reactivate = 0, Deactivate = 0, Unchanged = 0, EnrollmentsInFile = 6, EnrollmentsAdded = 6, EnrollmentsRemoved = 0 },
            preview.Classes);
        Assert.Equal(5, preview.Roles.Sum(r => r.Create));

        var applied = await Fixture.ApplyAsync(district.Id, upload);
        Assert.Equal(
            new ClassCounts { Created = 2, Updated = 0, Reactivated = 0, Deactivated = 0, Unchanged = 0, EnrollmentsAdded = 6, EnrollmentsRemoved = 0 },
            applied.Classes);
        Assert.Contains("Classes: 2 created, 0 updated, 0 deactivated, 0 unchanged; enrollments: 6 added, 0 removed.", applied.Message);
        Assert.Equal(["Csv:c1 Science 5A @Lincoln t1 | s1;s2", "Csv:c2 Science 5B @Lincoln t1;t2 | s3"], await Fixture.ClassesAsync(district.Id));
        var c2 = await Fixture.ExecuteDbContextAsync(db => db.Sections.AsNoTracking().SingleAsync(s => s.ExternalId == "c2"));
        Assert.Equal((null, null), (c2.Grade, c2.Subject));

        var tina = (await Fixture.PeopleAsync(district.Id)).Single(p => p.ExternalId == "t1");
        var home = await Fixture.SendAsync(new Home.Query(tina.Id, district.Id, false, AsTeacher: true, false, false));
        Assert.Equal([("Science 5A", "Sam Able, Sue Baker"), ("Science 5B", "Sid Cole")],
            home.TeacherClasses!.Select(c => (c.Name, string.Join(", ", c.Students))));

        var import = await Fixture.ExecuteDbContextAsync(db => db.CsvImports.AsNoTracking().SingleAsync(i => i.Id == upload.ImportId));
        Assert.Equal(("classes.csv", 2, 2, 6, false), (import.ClassesFileName, import.ClassRowCount, import.ClassesCreated, import.EnrollmentsAdded, import.ClassesOnly));
        Assert.Null(await Fixture.FindAsync<CsvImportFile>(import.Id));
    }

    [Fact]
    public async Task A_second_identical_upload_changes_nothing()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var classes = ClassFiles.File(ClassFiles.Row("c1", "t1", "s1;s2"), ClassFiles.Row("c2", "t2", "s3"));
        await Fixture.ApplyAsync(district.Id, await Fixture.UploadPairAsync(district.Id, ClassFiles.People(), classes));
        var before = await StampsAsync(district.Id);

        var again = await Fixture.UploadPairAsync(district.Id, ClassFiles.People(), classes);
        var preview = (await Fixture.SendAsync(new Review.Query(district.Id, again!.ImportId, 1)))!.Preview!;
        Assert.Equal(
            new Review.ClassPreview { Create = 0, Update = 0, Reactivate = 0, Deactivate = 0, Unchanged = 2, EnrollmentsInFile = 5, EnrollmentsAdded = 0, EnrollmentsRemoved = 0 },
            preview.Classes);
        Assert.Equal(5, preview.Roles.Sum(r => r.Unchanged));
        var applied = await Fixture.ApplyAsync(district.Id, again);
        Assert.Equal(
            new ClassCounts { Created = 0, Updated = 0, Reactivated = 0, Deactivated = 0, Unchanged = 2, EnrollmentsAdded = 0, EnrollmentsRemoved = 0 },
            applied.Classes);
        Assert.Equal(new AppliedCounts(0, 0, 0, 0, 5), applied.Counts);

        var alone = await Fixture.ApplyAsync(district.Id, await Fixture.UploadClassesAsync(district.Id, classes));
        Assert.Equal(
            new ClassCounts { Created = 0, Updated = 0, Reactivated = 0, Deactivated = 0, Unchanged = 2, EnrollmentsAdded = 0, EnrollmentsRemoved = 0 },
            alone.Classes);
        Assert.Equal(before, await StampsAsync(district.Id));
    }

    [Fact]
    public async Task Classes_replace_in_full_missing_ones_are_deactivated_and_come_back_and_enrollments_follow_the_file()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DeactivationThresholdPercent, 100)));
        await Fixture.ApplyAsync(district.Id, await Fixture.UploadPairAsync(district.Id, ClassFiles.People(), ClassFiles.File(
            ClassFiles.Row("c1", "t1", "s1;s2"), ClassFiles.Row("c2", "t2", "s3"))));

        var moved = await Fixture.ApplyAsync(district.Id, await Fixture.UploadClassesAsync(district.Id, ClassFiles.File(
            ClassFiles.Row("c1", "t2", "s1;s3", name: "Science 5A"))));
        Assert.Equal(
            new ClassCounts { Created = 0, Updated = 1, Reactivated = 0, Deactivated = 1, Unchanged = 0, EnrollmentsAdded = 2, EnrollmentsRemoved = 4 },
            moved.Classes);
        Assert.Equal(["Csv:c1 Science 5A @Lincoln t2 | s1;s3", "Csv:c2 Science @Lincoln [inactive]  | "], await Fixture.ClassesAsync(district.Id));

        var back = await Fixture.ApplyAsync(district.Id, await Fixture.UploadClassesAsync(district.Id, ClassFiles.File(
            ClassFiles.Row("c1", "t2", "s1;s3", name: "Science 5A"), ClassFiles.Row("c2", "t2", "s3"))));
        Assert.Equal(
            new ClassCounts { Created = 0, Updated = 0, Reactivated = 1, Deactivated = 0, Unchanged = 1, EnrollmentsAdded = 2, EnrollmentsRemoved = 0 },
            back.Classes);
        Assert.Equal(["Csv:c1 Science 5A @Lincoln t2 | s1;s3", "Csv:c2 Science @Lincoln t2 | s3"], await Fixture.ClassesAsync(district.Id));
        // Dropped enrollments are deactivated, never deleted: t1 and s2 are still there, inactive.
        Assert.Equal(5, await Fixture.ExecuteDbContextAsync(db => db.Enrollments.CountAsync(e => e.SectionId == db.Sections.Single(s => s.ExternalId == "c1").Id)));
    }

    [Fact]
    public async Task Clever_sections_and_enrollments_are_never_touched()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DeactivationThresholdPercent, 100)));
        var now = DateTime.UtcNow.AddDays(-1);
        var school = new School { DistrictId = district.Id, Source = RosterSource.Clever, ExternalId = "sch", Name = "Lincoln", CreatedAt = now, UpdatedAt = now };
        var kid = new Person { DistrictId = district.Id, Source = RosterSource.Clever, ExternalId = "s1", FirstName = "Clever", LastName = "Kid", Roles = PersonRoles.Student, CreatedAt = now, UpdatedAt = now };
        var section = new Section { DistrictId = district.Id, Source = RosterSource.Clever, ExternalId = "c1", Name = "Clever Class", School = school, CreatedAt = now, UpdatedAt = now };
        await Fixture.InsertAsync(school, kid, section, new Enrollment
        {
            DistrictId = district.Id, Source = RosterSource.Clever, Section = section, Person = kid, Role = EnrollmentRole.Student, CreatedAt = now, UpdatedAt = now,
        });

        await Fixture.ApplyAsync(district.Id, await Fixture.UploadPairAsync(district.Id, ClassFiles.People(), ClassFiles.File(ClassFiles.Row("c1", "t1", "s1"))));
        await Fixture.ApplyAsync(district.Id, await Fixture.UploadClassesAsync(district.Id, ClassFiles.File(ClassFiles.Row("c9", "t2", "s2"))));

        Assert.Equal(["Clever:c1 Clever Class @Lincoln  | s1", "Csv:c1 Science @Lincoln [inactive]  | ", "Csv:c9 Science @Lincoln t2 | s2"],
            await Fixture.ClassesAsync(district.Id));
        var clever = await Fixture.ExecuteDbContextAsync(db => db.Sections.AsNoTracking().Include(s => s.Enrollments).SingleAsync(s => s.Source == RosterSource.Clever));
        Assert.Equal((now, true, school.Id), (clever.UpdatedAt, clever.IsActive, clever.SchoolId));
        Assert.Equal(kid.Id, Assert.Single(clever.Enrollments).PersonId); // the CSV class's s1 is the CSV person, not Clever's
    }

    [Fact]
    public async Task The_licence_is_enforced_on_a_pair_and_nothing_is_written()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 2);

        var upload = (await Fixture.UploadPairAsync(district.Id, ClassFiles.People(), ClassFiles.File(ClassFiles.Row("c1", "t1", "s1;s2;s3"))))!;

        Assert.Equal(CsvImportStatus.BlockedByLicense, upload.Status);
        Assert.Contains("Nothing was changed.", upload.Message);
        Assert.Equal((0, 0), (await Fixture.CountAsync<Section>(), await Fixture.CountAsync<Enrollment>()));
        Assert.Empty(await Fixture.PeopleAsync(district.Id));
    }

    [Fact]
    public async Task Classes_alone_never_add_seats_so_an_over_licence_district_may_upload_them_but_an_expired_one_may_not()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ApplyAsync(district.Id, await Fixture.UploadAsync(district.Id, ClassFiles.People()));
        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == district.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LicensedStudentSeats, 2)));
        var classes = ClassFiles.File(ClassFiles.Row("c1", "t1", "s1;s2;s3"));

        var over = (await Fixture.UploadClassesAsync(district.Id, classes))!;
        var preview = (await Fixture.SendAsync(new Review.Query(district.Id, over.ImportId, 1)))!.Preview!;
        Assert.Equal((3, 3, 2), (preview.Licence.ActiveStudentsNow, preview.Licence.ActiveStudentsAfter, preview.Licence.Seats));
        await Fixture.ApplyAsync(district.Id, over);

        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == district.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Expired)));
        var expired = (await Fixture.UploadClassesAsync(district.Id, ClassFiles.File(ClassFiles.Row("c2", "t1", "s1"))))!;
        Assert.Equal(CsvImportStatus.BlockedByLicense, expired.Status);
        Assert.Equal(["Csv:c1 Science @Lincoln t1 | s1;s2;s3"], await Fixture.ClassesAsync(district.Id));
    }

    private Task<List<string>> StampsAsync(int districtId) =>
        Fixture.ExecuteDbContextAsync(async db =>
        {
            var sections = await db.Sections.AsNoTracking().Where(s => s.DistrictId == districtId).Select(s => s.ExternalId + " " + s.UpdatedAt.Ticks).ToListAsync();
            var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.DistrictId == districtId).Select(e => e.Id + " " + e.IsActive + " " + e.UpdatedAt.Ticks).ToListAsync();
            var people = await db.People.AsNoTracking().Where(p => p.DistrictId == districtId).Select(p => p.ExternalId + " " + p.UpdatedAt.Ticks).ToListAsync();
            return sections.Concat(enrollments).Concat(people).Order(StringComparer.Ordinal).ToList();
        });
}
