using System.Text;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>The package rules, checked on the reader directly: the zip, the manifest, every file's rows and the references between them.</summary>
public sealed class PackageReaderTests
{
    private static readonly OneRosterOptions Limits = new();
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static OneRosterPackage Read(byte[] zip, OneRosterOptions? limits = null, KnownRecords? known = null, bool passwords = false) =>
        OneRosterReader.Read(zip, limits ?? Limits, known ?? KnownRecords.None, Today, passwords);

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static List<string> Errors(OneRosterPackage package) =>
        package.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => i.ToString()).ToList();

    private static string OnlyError(OneRosterPackage package)
    {
        var errors = Errors(package);
        Assert.True(errors.Count == 1, string.Join("\n", errors));
        return errors[0];
    }

    [Fact]
    public void A_1_1_bulk_package_becomes_schools_people_classes_and_enrollments()
    {
        var package = Read(Bulk11());

        Assert.Empty(Errors(package));
        Assert.Equal("1.1", package.Version);
        Assert.True(package.IsBulk);
        Assert.Equal(["s1", "s2"], package.Schools.Select(s => s.SourcedId));
        Assert.Equal(("Maple Elementary", "101"), (package.Schools[0].Name, package.Schools[0].Identifier));

        Assert.Equal(["u1", "u2", "u3", "t1", "a1"], package.Users.Select(u => u.SourcedId));
        var ada = package.Users[0];
        Assert.Equal(("Ada", "Lovelace", "Byron", "ada.l", "1001", "ada@students.example.org", "03", PersonRoles.Student, true),
            (ada.GivenName, ada.FamilyName, ada.MiddleName, ada.Username, ada.Identifier, ada.Email, ada.Grade, ada.Roles, ada.Enabled));
        Assert.Null(ada.Password);
        Assert.Equal(["s1", "s2"], package.Users[1].SchoolSourcedIds);
        Assert.False(package.Users[2].Enabled);
        Assert.Equal(PersonRoles.Teacher, package.Users[3].Roles);
        Assert.Equal(PersonRoles.DistrictAdmin, package.Users[4].Roles);
        Assert.Empty(package.Users[4].SchoolSourcedIds);

        Assert.Equal(("Science 3A", "s1", "SCI-3A", "03", "science", "1"),
            (package.Classes[0].Title, package.Classes[0].SchoolSourcedId, package.Classes[0].ClassCode, package.Classes[0].Grade, package.Classes[0].Subject, package.Classes[0].Period));
        Assert.Equal(5, package.Enrollments.Count);
        var lead = Assert.Single(package.Enrollments, e => e.Role == EnrollmentRole.Teacher);
        Assert.True(lead.Primary);
        Assert.Contains(package.Issues, i => i.Severity == IssueSeverity.Warning && i.File == "users.csv" && i.Message.Contains("1 people with roles Twig does not serve"));
        Assert.Contains(package.Issues, i => i.Severity == IssueSeverity.Warning && i.Column == "password" && i.Message.Contains("1 passwords"));
    }

    [Fact]
    public void Passwords_are_read_only_when_the_district_opts_in_for_the_upload()
    {
        var package = Read(Bulk11(), passwords: true);

        Assert.Equal("secret-pass-1", package.Users[0].Password);
        Assert.DoesNotContain(package.Issues, i => i.Column == "password");
    }

    [Fact]
    public void A_1_2_bulk_package_takes_roles_from_roles_csv_and_maps_every_administrator_kind()
    {
        var package = Read(Bulk12());

        Assert.Empty(Errors(package));
        Assert.Equal("1.2", package.Version);
        var users = package.Users.ToDictionary(u => u.SourcedId);
        Assert.Equal(["u1", "t1", "p1", "d1a"], users.Keys);
        Assert.Equal(PersonRoles.Student, users["u1"].Roles);
        Assert.Equal(PersonRoles.Teacher, users["t1"].Roles);
        Assert.Equal(["s1", "s2"], users["t1"].SchoolSourcedIds);
        Assert.Equal(PersonRoles.SchoolAdmin, users["p1"].Roles);
        Assert.Equal(PersonRoles.DistrictAdmin, users["d1a"].Roles);
        Assert.Equal(2, package.Enrollments.Count);
        Assert.Contains(package.Issues, i => i.File == "enrollments.csv" && i.Message.Contains("1 enrollments of aides"));
    }

    [Fact]
    public void A_delta_changes_and_deletes_and_may_refer_to_records_Twig_already_holds()
    {
        var known = new KnownRecords(new HashSet<string> { "s1", "s2" }, new HashSet<string> { "u1", "u2", "u3", "t1", "a1" }, new HashSet<string> { "c1", "c2" });

        var package = Read(Delta11(), known: known);

        Assert.Empty(Errors(package));
        Assert.False(package.IsBulk);
        Assert.Equal(PackageFileMode.Absent, package.ModeOf("orgs.csv"));
        Assert.Equal(PackageFileMode.Delta, package.ModeOf("users.csv"));
        Assert.Equal([("u1", false), ("u3", true), ("u4", false)], package.Users.Select(u => (u.SourcedId, u.Deleted)));
        Assert.Equal("King", package.Users[0].FamilyName);
        Assert.Equal(["s2"], package.Users[2].SchoolSourcedIds);
        Assert.Equal([("c2", "Homeroom 4B")], package.Classes.Select(c => (c.SourcedId, c.Title)));
        Assert.Equal([("c1", "u2", true), ("c2", "u4", false), ("c2", "t1", false)], package.Enrollments.Select(e => (e.ClassSourcedId, e.UserSourcedId, e.Deleted)));
    }

    [Fact]
    public void A_delta_refers_to_nothing_Twig_does_not_hold()
    {
        var package = Read(Delta11(), known: new KnownRecords(new HashSet<string> { "s1", "s2" }, new HashSet<string> { "u1" }, new HashSet<string> { "c2" }));

        Assert.Equal("enrollments.csv row 4, userSourcedId: userSourcedId \"t1\" is not a person in users.csv or in Twig.", OnlyError(package));
    }

    [Fact]
    public void A_delta_row_needs_its_status_column()
    {
        var zip = Zip(("manifest.csv", Manifest("1.1", ("users", "delta"))),
            ("users.csv", "sourcedId,role,givenName,familyName\r\nu1,student,Ada,King\r\n"));

        Assert.Equal("users.csv row 1: The header of users.csv is missing the required column status.", OnlyError(Read(zip)));
    }

    [Fact]
    public void An_enrollment_to_an_unknown_class_or_person_is_refused_with_file_row_and_column()
    {
        var package = Read(Bulk11(enrollments: Enrollments11 + "e8,,,c9,s1,u1,student,false,,\r\ne9,,,c1,s1,u9,student,false,,\r\n"));

        Assert.Equal([
            "enrollments.csv row 7, classSourcedId: classSourcedId \"c9\" is not a class in classes.csv.",
            "enrollments.csv row 8, userSourcedId: userSourcedId \"u9\" is not a person in users.csv.",
        ], Errors(package));
    }

    [Fact]
    public void A_class_must_belong_to_a_live_school()
    {
        var package = Read(Bulk11(classes: Classes11 + "c3,,,Art,,,,,,d1,,,,\r\nc4,,,Music,,,,,,s9,,,,\r\n",
            enrollments: "sourcedId,classSourcedId,userSourcedId,role\r\n"));

        Assert.Equal([
            "classes.csv row 4, schoolSourcedId: schoolSourcedId \"d1\" is an org of type district, not a school.",
            "classes.csv row 5, schoolSourcedId: schoolSourcedId \"s9\" is not a school in orgs.csv.",
        ], Errors(package));
    }

    [Fact]
    public void A_school_orgs_csv_deletes_is_named_as_deleted_not_as_missing_where_people_and_classes_still_point_at_it()
    {
        var package = Read(Bulk11(orgs: Orgs11.Replace("s2,,,Oak Middle", "s2,tobedeleted,2027-06-30T00:00:00Z,Oak Middle", StringComparison.Ordinal),
            enrollments: Enrollments11.Replace("e4,,,c2,s2,u2,student", "e4,,,c1,s2,u2,student", StringComparison.Ordinal)));

        Assert.Equal(["classes.csv row 3, schoolSourcedId: schoolSourcedId: orgs.csv marks the org \"s2\" tobedeleted, so no class can " +
            "belong to it; send the class with its new school, or delete it too."], Errors(package));
        Assert.Contains("users.csv row 3, orgSourcedIds: orgs.csv marks the org \"s2\" tobedeleted; the person was not linked to it.",
            package.Issues.Select(i => i.ToString()));
        Assert.Contains("enrollments.csv row 5, schoolSourcedId: orgs.csv marks the org \"s2\" tobedeleted; the class's own school is used.",
            package.Issues.Select(i => i.ToString()));
        Assert.DoesNotContain(package.Issues, i => i.Message.Contains("is not in orgs.csv") || i.Message.Contains("is not a school in orgs.csv"));
    }

    [Fact]
    public void Enrollments_of_people_whose_users_csv_rows_were_refused_point_at_those_rows_in_one_line()
    {
        var longId = new string('x', OneRosterReader.Lengths.ExternalId + 1);
        var package = Read(Bulk11(
            users: Users11.Replace(",Alan,", ",,", StringComparison.Ordinal) + longId + ",,,true,s1,student,,,Long,Id,,,,,,,03,\r\n",
            enrollments: Enrollments11 + "e9,,,c1,s1," + longId + ",student,false,,\r\n"));

        var errors = Errors(package);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("users.csv row 3, givenName:", errors[0]);
        Assert.StartsWith("users.csv row 8, sourcedId:", errors[1]);
        Assert.Equal("enrollments.csv, userSourcedId: 3 enrollments name people whose users.csv rows were refused (users.csv rows 3, 8); " +
            "fix those rows, not the enrollments.", errors[2]);
    }

    [Fact]
    public void A_student_cannot_teach_and_a_teacher_enrolled_as_a_student_is_skipped_with_a_warning()
    {
        var package = Read(Bulk11(enrollments: Enrollments11 + "e8,,,c2,s2,u1,teacher,false,,\r\ne9,,,c2,s2,t1,student,false,,\r\n"));

        Assert.Equal(["enrollments.csv row 7, role: \"u1\" is a student and cannot teach a class."], Errors(package));
        Assert.DoesNotContain(package.Enrollments, e => e.UserSourcedId == "t1" && e.Role == EnrollmentRole.Student);
    }

    [Fact]
    public void Duplicate_sourcedIds_and_missing_names_are_errors_naming_the_cell()
    {
        var package = Read(Bulk11(users: Users11 + "u1,,,true,s1,student,,,Again,Twice,,,,,,,,\r\nu5,,,true,s1,student,,,,Nameless,,,,,,,,\r\n"));

        Assert.Equal([
            "users.csv row 8, sourcedId: sourcedId \"u1\" appears more than once in this file; each record appears once.",
            "users.csv row 9, givenName: givenName is required.",
        ], Errors(package));
    }

    [Fact]
    public void The_same_student_in_a_class_for_two_terms_is_one_enrollment()
    {
        var package = Read(Bulk11(enrollments: Enrollments11 + "e2b,,,c1,s1,u1,student,false,2027-01-05,2027-06-01\r\n"));

        Assert.Empty(Errors(package));
        Assert.Single(package.Enrollments, e => e.ClassSourcedId == "c1" && e.UserSourcedId == "u1");
    }

    [Fact]
    public void Real_export_quirks_are_accepted_with_a_warning_BOM_CRLF_no_final_newline_and_a_trailing_comma()
    {
        var header = Users11[..(Users11.IndexOf('\n') + 1)];
        var users = "\uFEFF" + header + Users11[header.Length..].Replace("\r\n", ",\r\n").TrimEnd('\r', '\n', ',');
        var package = Read(Bulk11(users: users));

        Assert.Empty(Errors(package));
        Assert.Equal(5, package.Users.Count);
        Assert.Contains(package.Issues, i => i.Severity == IssueSeverity.Warning && i.File == "users.csv" && i.Message.Contains("trailing comma"));
    }

    [Fact]
    public void A_status_that_is_not_active_or_tobedeleted_is_a_warning()
    {
        var package = Read(Bulk11(users: Users11.Replace("u2,,,", "u2,archived,,")));

        Assert.Empty(Errors(package));
        Assert.Contains(package.Issues, i => i.Severity == IssueSeverity.Warning && i.Row == 3 && i.Column == "status");
    }

    [Fact]
    public void OneRoster_1_0s_status_inactive_is_a_deletion_in_every_file_without_a_warning()
    {
        var package = Read(Bulk11(
            orgs: Orgs11.Replace("s2,,,", "s2,inactive,,"),
            users: Users11.Replace("u2,,,", "u2,Inactive,,"),
            classes: Classes11.Replace("c2,,,", "c2,inactive,,"),
            enrollments: Enrollments11.Replace("e3,,,", "e3,inactive,,").Replace("e4,,,", "e4,inactive,,")));

        Assert.Empty(Errors(package));
        Assert.DoesNotContain(package.Issues, i => i.Column == "status");
        Assert.True(package.Schools.Single(s => s.SourcedId == "s2").Deleted);
        Assert.True(package.Users.Single(u => u.SourcedId == "u2").Deleted);
        Assert.True(package.Classes.Single(c => c.SourcedId == "c2").Deleted);
        Assert.Equal([true, true], package.Enrollments.Where(e => e.UserSourcedId == "u2").Select(e => e.Deleted));
    }

    [Fact]
    public void A_file_that_is_not_UTF_8_is_refused_by_name()
    {
        var latin1 = Encoding.Latin1.GetBytes(Users11.Replace("Lovelace", "Lövelace"));
        var zip = ZipBytes(("manifest.csv", Encoding.UTF8.GetBytes(Manifest("1.1", ("orgs", "bulk"), ("users", "bulk")))),
            ("orgs.csv", Encoding.UTF8.GetBytes(Orgs11)), ("users.csv", latin1));

        Assert.Equal("users.csv: users.csv is not UTF-8 text. OneRoster files are UTF-8; export the package again with UTF-8 encoding.", OnlyError(Read(zip)));
    }

    [Fact]
    public void A_file_refused_as_a_whole_is_not_refused_again_in_every_row_that_names_its_records()
    {
        var package = Read(Bulk11(users: Users11.Replace("sourcedId,status", "id,status"), orgs: Orgs11.Replace("sourcedId,status", "id,status")));

        Assert.Equal(
        [
            "orgs.csv row 1: The header of orgs.csv is missing the required column sourcedId.",
            "users.csv row 1: The header of users.csv is missing the required column sourcedId.",
            "classes.csv, schoolSourcedId: 2 rows could not be checked: they name records that rest on orgs.csv, which could not be " +
                "read (its error is above). Correct orgs.csv first.",
            "enrollments.csv, classSourcedId: 5 rows could not be checked: they name records that rest on orgs.csv, which could not " +
                "be read (its error is above). Correct orgs.csv first.",
        ], Errors(package));
        // With the classes readable, the people enrollments name are what cannot be checked.
        var people = Read(Bulk11(users: Users11.Replace("sourcedId,status", "id,status")));
        Assert.Equal(
        [
            "users.csv row 1: The header of users.csv is missing the required column sourcedId.",
            "enrollments.csv, userSourcedId: 5 rows could not be checked: they name records that rest on users.csv, which could not " +
                "be read (its error is above). Correct users.csv first.",
        ], Errors(people));
    }

    [Fact]
    public void A_package_without_a_manifest_is_refused()
    {
        var package = Read(Zip(("users.csv", Users11)));

        Assert.StartsWith("manifest.csv: The .zip has no manifest.csv at its root", OnlyError(package));
    }

    [Theory]
    [InlineData("propertyName,value\r\nmanifest.version,1.0\r\nfile.users,bulk\r\n", "manifest.csv, propertyName: manifest.csv has no oneroster.version row. Twig reads OneRoster 1.1 and 1.2 packages.")]
    [InlineData("propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.0\r\nfile.users,bulk\r\n", "manifest.csv row 3, value: oneroster.version \"1.0\" is not a version Twig reads (1.1 or 1.2).")]
    [InlineData("propertyName,value\r\nmanifest.version,2.0\r\noneroster.version,1.1\r\nfile.users,bulk\r\n", "manifest.csv row 2, value: manifest.version \"2.0\" is not 1.0, the manifest format Twig reads.")]
    [InlineData("propertyName,value\r\noneroster.version,1.1\r\nfile.users,bulk\r\n", "manifest.csv, propertyName: manifest.csv has no manifest.version row; it is not a OneRoster manifest.")]
    [InlineData("propertyName,value\r\nmanifest.version,1\r\noneroster.version,1.1\r\nfile.users,full\r\n", "manifest.csv row 4, value: file.users is \"full\"; it must be absent, bulk or delta.")]
    [InlineData("name,version\r\nmanifest.version,1.0\r\n", "manifest.csv row 1: The header of manifest.csv is missing the required columns propertyName, value.")]
    [InlineData("propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\nfile.users,absent\r\n", "manifest.csv: The manifest marks every file absent, so the package holds nothing to import.")]
    public void A_wrong_manifest_or_an_unknown_version_is_refused_saying_what_is_wrong(string manifest, string error)
    {
        Assert.Equal(error, OnlyError(Read(Zip(("manifest.csv", manifest), ("users.csv", Users11)))));
    }

    [Fact]
    public void A_file_the_manifest_sends_must_be_in_the_zip_and_1_2_needs_roles()
    {
        Assert.Equal("manifest.csv, file.classes: The manifest sends classes.csv as bulk, but the .zip has no classes.csv.",
            OnlyError(Read(Zip(("manifest.csv", Manifest("1.1", ("users", "bulk"), ("classes", "bulk"))), ("users.csv", Users11)))));
        Assert.Equal("manifest.csv, file.roles: A OneRoster 1.2 package gives people's roles in roles.csv, but the manifest marks roles.csv absent.",
            OnlyError(Read(Zip(("manifest.csv", Manifest("1.2", ("users", "bulk"))), ("users.csv", Users12)))));
    }

    [Theory]
    [InlineData("data/users.csv")]
    [InlineData("../users.csv")]
    [InlineData("/etc/users.csv")]
    [InlineData("C:\\users.csv")]
    public void An_entry_name_with_a_path_is_refused(string name)
    {
        var package = Read(Zip(("manifest.csv", Manifest("1.1", ("users", "bulk"))), (name, Users11)));

        Assert.Contains("has a path in its name", OnlyError(package));
    }

    [Fact]
    public void A_zipped_export_folder_is_read_from_its_folder_with_a_note()
    {
        var package = Read(ZipBytes(
            ("Roster Export/", []),
            ("Roster Export/manifest.csv", Bytes(Manifest("1.1", ("orgs", "bulk"), ("users", "bulk"), ("classes", "bulk"), ("enrollments", "bulk")))),
            ("Roster Export/orgs.csv", Bytes(Orgs11)), ("Roster Export/users.csv", Bytes(Users11)),
            ("Roster Export/classes.csv", Bytes(Classes11)), ("Roster Export/enrollments.csv", Bytes(Enrollments11))));

        Assert.Empty(Errors(package));
        Assert.Equal(5, package.Users.Count);
        Assert.Contains(package.Issues, i => i.Severity == IssueSeverity.Warning
            && i.Message == "The files sit in the folder \"Roster Export\" of the .zip; they were read from there.");
    }

    [Fact]
    public void Files_in_two_folders_or_beside_a_folder_are_refused()
    {
        Assert.Contains("has a path in its name", OnlyError(Read(Zip(("a/manifest.csv", Manifest("1.1", ("users", "bulk"))), ("b/users.csv", Users11)))));
        Assert.Contains("has a path in its name", OnlyError(Read(Zip(("a/manifest.csv", Manifest("1.1", ("users", "bulk"))), ("a/b/users.csv", Users11)))));
        Assert.Contains("has a path in its name", OnlyError(Read(Zip(("../manifest.csv", Manifest("1.1", ("users", "bulk"))), ("../users.csv", Users11)))));
    }

    [Fact]
    public void A_file_named_in_other_letter_case_is_read_under_the_standard_name_with_a_note()
    {
        var package = Read(Zip(("Manifest.csv", Manifest("1.1", ("users", "bulk"), ("demographics", "bulk"))), ("Users.csv", Users11),
            ("Demographics.csv", "sourcedId,status,dateLastModified,birthDate,sex\r\nu1,,,2018-01-01,female\r\n")));

        Assert.Empty(Errors(package));
        Assert.Equal(5, package.Users.Count);
        Assert.Contains(package.Issues, i => i.Severity == IssueSeverity.Warning
            && i.Message == "\"Users.csv\" was read as users.csv, the name the standard gives it.");
    }

    [Fact]
    public void A_file_that_appears_twice_in_the_zip_is_refused()
    {
        var package = Read(Zip(("manifest.csv", Manifest("1.1", ("users", "bulk"))), ("users.csv", Users11), ("Users.csv", Users11)));

        Assert.Equal("package: The .zip holds \"Users.csv\" more than once. Each file may appear once.", OnlyError(package));
    }

    [Fact]
    public void A_zip_bomb_is_stopped_by_counting_the_bytes_actually_inflated()
    {
        // 8 MB of one repeated row compresses to a few kilobytes: far under the compressed limit, far over the inflated one.
        var row = "u,,,true,s1,student,,,A,B,,,,,,,,\r\n";
        var bomb = ZipBytes(("manifest.csv", Encoding.UTF8.GetBytes(Manifest("1.1", ("users", "bulk")))),
            ("users.csv", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(row, 8 * 1024 * 1024 / row.Length)))));
        var limits = new OneRosterOptions { MaxUncompressedBytes = 1024 * 1024 };

        Assert.True(bomb.Length < limits.MaxUncompressedBytes / 8);
        Assert.Equal("package: The package inflates to more than 1,048,576 bytes, the most Twig accepts. Nothing was imported.", OnlyError(Read(bomb, limits)));
    }

    [Fact]
    public void The_compressed_size_entry_count_and_rows_per_file_limits_are_configurable()
    {
        var zip = Bulk11();
        Assert.Equal($"package: The package is {zip.Length:N0} bytes; at most 1,000 bytes are accepted.",
            OnlyError(Read(zip, new OneRosterOptions { MaxCompressedBytes = 1000 })));
        Assert.Equal("package: The .zip holds 7 entries; a OneRoster package has at most 5.",
            OnlyError(Read(zip, new OneRosterOptions { MaxEntries = 5 })));
        Assert.Equal("users.csv: users.csv has more than 5 rows, the most Twig reads from one file.",
            OnlyError(Read(zip, new OneRosterOptions { MaxRowsPerFile = 5 })));
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        Assert.StartsWith("package: The file is not a .zip.", OnlyError(Read(Encoding.UTF8.GetBytes(Users11))));
        Assert.StartsWith("package: The .zip is damaged", OnlyError(Read([(byte)'P', (byte)'K', 3, 4, 0, 0, 0])));
    }

    [Fact]
    public void Files_Twig_does_not_read_stay_unread()
    {
        var zip = Zip(("manifest.csv", Manifest("1.1", ("users", "bulk"), ("orgs", "bulk"), ("demographics", "bulk"))),
            ("orgs.csv", Orgs11), ("users.csv", Users11), ("demographics.csv", "not even csv \"\0"));

        Assert.Empty(Errors(Read(zip)));
    }
}
