using System.Net;
using Twig.Web.Domain;
using Twig.Web.Features.Classes;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Classes;

public sealed class HomeTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static Person NewPerson(int districtId, string first, string last, PersonRoles roles, bool active = true) => new()
    {
        DistrictId = districtId, Source = RosterSource.Csv, ExternalId = $"{first}-{last}".ToLowerInvariant(), FirstName = first, LastName = last,
        Roles = roles, IsActive = active, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
    };

    private static Enrollment Enroll(Section section, Person person, EnrollmentRole role, bool active = true) => new()
    {
        DistrictId = section.DistrictId, Source = RosterSource.Csv, Section = section, Person = person, Role = role, IsActive = active,
        CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
    };

    private sealed record World(District District, School North, Person Teacher, Person Student, Section Science, Section Old);

    private async Task<World> ArrangeAsync()
    {
        var district = await Fixture.InsertDistrictAsync("home");
        var north = new School { DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = "n", Name = "North Elementary", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        var closed = new School { DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = "c", Name = "Closed Academy", IsActive = false, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        var teacher = NewPerson(district.Id, "Tara", "Teach", PersonRoles.Teacher | PersonRoles.SchoolAdmin);
        var student = NewPerson(district.Id, "Sol", "Student", PersonRoles.Student);
        var moved = NewPerson(district.Id, "Max", "Moved", PersonRoles.Student);
        var gone = NewPerson(district.Id, "Gail", "Gone", PersonRoles.Student, active: false);
        teacher.Schools.Add(new PersonSchool { School = north });
        student.Schools.Add(new PersonSchool { School = north });
        gone.Schools.Add(new PersonSchool { School = north });
        var science = new Section { DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = "sci", Name = "Science 5A", School = north, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        var old = new Section { DistrictId = district.Id, Source = RosterSource.Csv, ExternalId = "old", Name = "Old Class", School = north, IsActive = false, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        await Fixture.InsertAsync(north, closed, teacher, student, moved, gone, science, old,
            Enroll(science, teacher, EnrollmentRole.Teacher), Enroll(science, student, EnrollmentRole.Student),
            Enroll(science, moved, EnrollmentRole.Student, active: false), Enroll(science, gone, EnrollmentRole.Student),
            Enroll(old, teacher, EnrollmentRole.Teacher), Enroll(old, student, EnrollmentRole.Student));
        return new World(district, north, teacher, student, science, old);
    }

    [Fact]
    public async Task A_student_sees_active_classes_with_teacher_and_school()
    {
        var w = await ArrangeAsync();

        var home = await Fixture.SendAsync(new Home.Query(w.Student.Id, w.District.Id, AsStudent: true, false, false, false));

        var only = Assert.Single(home.StudentClasses!);
        Assert.Equal(("Science 5A", "North Elementary"), (only.Name, only.School));
        Assert.Equal(["Tara Teach"], only.Teachers);
        Assert.Null(home.TeacherClasses);
    }

    [Fact]
    public async Task A_teacher_sees_only_active_students_of_active_classes()
    {
        var w = await ArrangeAsync();

        var home = await Fixture.SendAsync(new Home.Query(w.Teacher.Id, w.District.Id, false, AsTeacher: true, AsSchoolAdmin: true, false));

        var only = Assert.Single(home.TeacherClasses!);
        Assert.Equal(["Sol Student"], only.Students);
        var school = Assert.Single(home.MySchools!);
        Assert.Equal(("North Elementary", 1, 2), (school.Name, school.Classes, school.People));
    }

    [Fact]
    public async Task Two_students_of_one_class_with_the_same_name_are_told_apart_by_their_student_number()
    {
        var w = await ArrangeAsync();
        var first = NewPerson(w.District.Id, "Ann", "Lee", PersonRoles.Student);
        var second = NewPerson(w.District.Id, "Ann", "Lee", PersonRoles.Student);
        (first.StudentNumber, second.ExternalId, second.Username) = ("4471", "ann-lee-2", "annlee2");
        await Fixture.InsertAsync(first, second);
        await Fixture.InsertAsync([.. new[] { first, second }.Select(object (p) => new Enrollment
        {
            DistrictId = w.District.Id, Source = RosterSource.Csv, SectionId = w.Science.Id, PersonId = p.Id, Role = EnrollmentRole.Student,
            IsActive = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        })]);

        var home = await Fixture.SendAsync(new Home.Query(w.Teacher.Id, w.District.Id, false, AsTeacher: true, false, false));

        var students = Assert.Single(home.TeacherClasses!).Students;
        Assert.Equal(["Ann Lee (4471)", "Ann Lee (annlee2)", "Sol Student"], students.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_district_administrator_sees_the_active_schools_of_their_district_only()
    {
        var w = await ArrangeAsync();
        var other = await Fixture.InsertDistrictAsync("other");
        await Fixture.InsertAsync(new School { DistrictId = other.Id, Source = RosterSource.Csv, ExternalId = "x", Name = "Elsewhere High", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });

        var home = await Fixture.SendAsync(new Home.Query(w.Teacher.Id, w.District.Id, false, false, false, AsDistrictAdmin: true));

        Assert.Equal(["North Elementary"], home.DistrictSchools!.Select(s => s.Name));
    }

    [Fact]
    public async Task A_school_administrator_opens_their_school_with_its_classes_and_people_and_no_other()
    {
        var w = await ArrangeAsync();
        var other = await Fixture.InsertDistrictAsync("other");
        var elsewhere = new School { DistrictId = other.Id, Source = RosterSource.Csv, ExternalId = "x", Name = "Elsewhere High", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        var south = new School { DistrictId = w.District.Id, Source = RosterSource.Csv, ExternalId = "s", Name = "South Middle", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        await Fixture.InsertAsync(elsewhere, south);
        SchoolRoster.Query Open(int schoolId, bool asSchoolAdmin = true, bool asDistrictAdmin = false) =>
            new(w.Teacher.Id, w.District.Id, schoolId, asSchoolAdmin, asDistrictAdmin, 1);

        var north = (await Fixture.SendAsync(Open(w.North.Id)))!;

        Assert.Equal("North Elementary", north.Name);
        var science = Assert.Single(north.Classes); // the inactive class does not show
        Assert.Equal(("Science 5A", 1), (science.Name, science.Students)); // Sol; Max's enrollment and Gail are inactive
        Assert.Equal(["Tara Teach"], science.Teachers);
        Assert.Equal(["Student", "Teach"], north.People.Items.Select(p => p.LastName)); // active people linked to North only
        Assert.Equal("teacher, school administrator", north.People.Items.Single(p => p.LastName == "Teach").Roles.Describe());
        Assert.Null(await Fixture.SendAsync(Open(south.Id))); // not linked to South
        Assert.NotNull(await Fixture.SendAsync(Open(south.Id, asSchoolAdmin: false, asDistrictAdmin: true))); // the district's admin is
        Assert.Null(await Fixture.SendAsync(Open(elsewhere.Id, asSchoolAdmin: false, asDistrictAdmin: true))); // another district never
        Assert.Null(await Fixture.SendAsync(Open(w.North.Id, asSchoolAdmin: false))); // a teacher alone sees no school page
    }

    [Fact]
    public async Task A_deactivated_person_sees_nothing()
    {
        var w = await ArrangeAsync();
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            (await db.People.FindAsync(w.Student.Id))!.IsActive = false;
            await db.SaveChangesAsync();
        });

        var home = await Fixture.SendAsync(new Home.Query(w.Student.Id, w.District.Id, true, false, false, false));

        Assert.Empty(home.StudentClasses!);
    }

    [Fact]
    public async Task Local_accounts_do_not_have_a_classes_home()
    {
        using var session = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/classes")).StatusCode);
    }
}
