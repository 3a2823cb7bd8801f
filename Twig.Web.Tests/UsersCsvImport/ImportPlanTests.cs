using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>
/// <see cref="ImportPlan.Build"/> on its own: a parsed file against a district held in memory, no database. Each row of a
/// table is one rule of the plan (what a person becomes, who holds a username, what a password costs, when archiving waits
/// for a confirmation).
/// </summary>
public sealed class ImportPlanTests
{
    private static int _nextId;

    private static CsvPerson Row(string userId, PersonRoles role = PersonRoles.Student, string first = "Ada", string? username = null,
        string? password = null, string? email = null, string? school = null) =>
        new()
        {
            Row = 2, UserId = userId, FirstName = first, LastName = "Lovelace", Username = username, Password = password, Role = role,
            Email = email ?? $"{userId}@example.org", SchoolNames = school is null ? [] : [school],
        };

    private static ExistingPerson Existing(string userId, bool active = true, string first = "Ada", string? username = null,
        string? passwordHash = null, PersonRoles role = PersonRoles.Student) =>
        new()
        {
            Id = Interlocked.Increment(ref _nextId), ExternalId = userId, FirstName = first, LastName = "Lovelace",
            Email = $"{userId}@example.org", Username = username, PasswordHash = passwordHash, Roles = role, IsActive = active,
        };

    private static DistrictState District(IEnumerable<ExistingPerson> people, int thresholdPercent = 10,
        Dictionary<string, string?>? usernames = null, int otherStudents = 0) =>
        new()
        {
            DistrictId = 1,
            ThresholdPercent = thresholdPercent,
            CsvPeople = people.ToDictionary(p => p.ExternalId, StringComparer.Ordinal),
            Usernames = usernames ?? new Dictionary<string, string?>(StringComparer.Ordinal),
            Schools = new Dictionary<string, int>(StringComparer.Ordinal) { [RosterFields.Normalize("Lincoln")] = 7 },
            ArchivedCsvSchools = new Dictionary<string, int>(StringComparer.Ordinal),
            ActiveStudentsFromOtherSources = otherStudents,
        };

    private static ParsedFile File(params CsvPerson[] rows) => new(rows, [], rows.Length);

    [Theory]
    // twig holds    | the file says          | create, update, reactivate, archive, unchanged
    [InlineData("nobody", "the person", 1, 0, 0, 0, 0)]
    [InlineData("active, same fields", "the person", 0, 0, 0, 0, 1)]
    [InlineData("active, same fields", "a new first name", 0, 1, 0, 0, 0)]
    [InlineData("active, same fields", "nothing of them", 0, 0, 0, 1, 0)]
    [InlineData("archived", "the person", 0, 0, 1, 0, 0)]
    [InlineData("archived", "nothing of them", 0, 0, 0, 0, 0)]
    public void A_person_is_created_updated_reactivated_archived_or_left_as_the_file_and_the_district_say(
        string twigHolds, string fileSays, int create, int update, int reactivate, int archive, int unchanged)
    {
        var held = twigHolds switch
        {
            "nobody" => [],
            "archived" => [Existing("s1", active: false)],
            _ => new[] { Existing("s1") },
        };
        var rows = fileSays switch
        {
            "the person" => [Row("s1")],
            "a new first name" => [Row("s1", first: "Augusta")],
            _ => Array.Empty<CsvPerson>(),
        };
        // A second, unchanged person keeps the file from being empty and the archive below the threshold question.
        var plan = ImportPlan.Build(File([.. rows, Row("s2")]), District([.. held, Existing("s2")], thresholdPercent: 100));

        var students = plan.ByRole[PersonRoles.Student];
        Assert.Equal((create, update, reactivate, archive, unchanged + 1),
            (students.Create, students.Update, students.Reactivate, students.Archive, students.Unchanged));
        Assert.Equal((create, update + reactivate, reactivate, archive),
            (plan.Creates.Count, plan.Updates.Count, plan.Reactivations, plan.Archives.Count));
        Assert.Empty(plan.Errors);
    }

    [Theory]
    // who holds the username in Twig | is that holder in the file | refused
    [InlineData("a person from another source", false, true)]
    [InlineData("an archived CSV person", false, true)]
    [InlineData("an archived CSV person", true, false)]
    [InlineData("the same person", true, false)]
    [InlineData("nobody", false, false)]
    public void A_username_is_refused_only_when_someone_who_keeps_it_after_the_upload_holds_it(
        string holder, bool holderInFile, bool refused)
    {
        var usernames = new Dictionary<string, string?>(StringComparer.Ordinal);
        var people = new List<ExistingPerson>();
        switch (holder)
        {
            case "a person from another source": usernames[RosterFields.Normalize("ada")] = null; break;
            case "an archived CSV person":
                people.Add(Existing("old", active: false, username: "ADA"));
                usernames[RosterFields.Normalize("ADA")] = "old";
                break;
            case "the same person":
                people.Add(Existing("s1", username: "ada"));
                usernames[RosterFields.Normalize("ada")] = "s1";
                break;
        }
        var rows = new List<CsvPerson> { Row("s1", username: "ada") };
        if (holderInFile && holder == "an archived CSV person") rows.Add(Row("old", username: "ada.old"));

        var plan = ImportPlan.Build(File([.. rows]), District(people, thresholdPercent: 100, usernames: usernames));

        Assert.Equal(refused,
            plan.Errors.Any(e => e.Column == UsersCsv.Username && e.Message.Contains("already belongs", StringComparison.Ordinal)));
        // A refused row is planned no further: neither created, nor updated, nor counted unchanged.
        var planned = plan.Creates.Any(c => c.UserId == "s1") || plan.Updates.Any(u => u.Row.UserId == "s1")
            || plan.ByRole[PersonRoles.Student].Unchanged > 0;
        Assert.Equal(!refused, planned);
    }

    [Theory]
    // stored hash | password in the file | to set, to check, unchanged rows carrying a password
    [InlineData(false, false, 0, 0, 0)]
    [InlineData(false, true, 1, 0, 0)]
    [InlineData(true, false, 0, 0, 0)]
    [InlineData(true, true, 0, 1, 1)]
    public void A_password_is_set_when_none_is_stored_and_checked_against_the_stored_hash_otherwise(
        bool stored, bool inFile, int toSet, int toCheck, int unchangedWithPassword)
    {
        var person = Existing("s1", username: "ada", passwordHash: stored ? "stored-hash" : null);
        var plan = ImportPlan.Build(File(Row("s1", username: "ada", password: inFile ? "long-enough-1" : null)), District([person]));

        Assert.Equal((toSet, toCheck, unchangedWithPassword),
            (plan.PasswordsToSet, plan.PasswordsToCheck, plan.UnchangedWithPassword.Count));
    }

    [Theory]
    // active CSV people | archived by the file | threshold % | waits for a confirmation
    [InlineData(10, 1, 10, false)]
    [InlineData(10, 2, 10, true)]
    [InlineData(10, 5, 50, false)]
    [InlineData(10, 6, 50, true)]
    [InlineData(3, 1, 10, true)]
    [InlineData(10, 0, 0, false)]
    public void Archiving_more_than_the_threshold_of_active_CSV_people_waits_for_a_confirmation(
        int active, int archived, int thresholdPercent, bool waits)
    {
        var people = Enumerable.Range(1, active).Select(i => Existing($"s{i}")).ToList();
        var kept = people.Skip(archived).Select(p => Row(p.ExternalId)).ToArray();

        var plan = ImportPlan.Build(File(kept), District(people, thresholdPercent));

        Assert.Equal(archived, plan.Archives.Count);
        Assert.Equal(waits, plan.NeedsArchiveConfirmation);
    }

    [Fact]
    public void Seats_after_the_upload_count_the_file_s_students_and_other_sources_active_students()
    {
        var plan = ImportPlan.Build(
            File(Row("s1"), Row("s2"), Row("t1", PersonRoles.Teacher), Row("a1", PersonRoles.SchoolAdmin, school: "Lincoln")),
            District([Existing("s3")], thresholdPercent: 100, otherStudents: 4));

        // s3 leaves (archived), s1 and s2 come: two CSV students beside the four from another source.
        Assert.Equal(6, plan.ActiveStudentsAfter);
        Assert.Equal(1, plan.ActiveCsvPeopleNow);
    }

    [Theory]
    [InlineData("Lincoln", 0)]
    [InlineData("LINCOLN ", 0)]
    [InlineData("Washington", 1)]
    public void A_school_name_that_matches_no_active_school_is_created_with_a_warning(string school, int created)
    {
        var plan = ImportPlan.Build(File(Row("t1", PersonRoles.Teacher, school: school)), District([]));

        Assert.Equal(created, plan.NewSchools.Count);
        Assert.Equal(created,
            plan.Warnings.Count(w => w.Column == UsersCsv.SchoolNames && w.Message.Contains("so the upload creates", StringComparison.Ordinal)));
    }

    [Fact]
    public void Each_school_the_upload_creates_is_named_with_the_first_row_naming_it_so_a_misspelling_is_found()
    {
        // The file's rows 2 to 5, each naming one school.
        static ParsedFile Teachers(params string[] schools) =>
            File([.. schools.Select((school, i) => Row($"t{i}", PersonRoles.Teacher, school: school) with { Row = i + 2 })]);
        var plan = ImportPlan.Build(Teachers("Washington", "Lincoln", "Washingtn", "Washington"), District([]));
        var one = ImportPlan.Build(Teachers("Lincoln", "Adams"), District([]));

        var warning = Assert.Single(plan.Warnings, w => w.Column == UsersCsv.SchoolNames);
        Assert.Equal("2 school names match no active school of the district, so the upload creates them: Washingtn (row 4); " +
            "Washington (row 2). Check the spelling if that is not intended.", warning.Message);
        Assert.Null(warning.Row);
        Assert.Equal(3, Assert.Single(one.Warnings, w => w.Column == UsersCsv.SchoolNames).Row);
    }

    [Theory]
    // e-mail | username | password | can sign in
    [InlineData(true, false, false, true)]
    [InlineData(false, true, true, true)]
    [InlineData(false, true, false, false)]
    [InlineData(false, false, false, false)]
    public void A_person_with_no_way_to_sign_in_is_a_warning(bool email, bool username, bool password, bool canSignIn)
    {
        var row = Row("s1", username: username ? "ada" : null, password: password ? "long-enough-1" : null) with
        {
            Email = email ? "ada@example.org" : null,
        };

        var plan = ImportPlan.Build(File(row), District([]));

        Assert.Equal(canSignIn, !plan.Warnings.Any(w => w.Message.Contains("not be able to sign in", StringComparison.Ordinal)));
    }
}
