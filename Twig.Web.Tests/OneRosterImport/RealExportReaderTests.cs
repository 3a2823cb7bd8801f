using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>What districts really send differs from the standard's examples: each tolerance, checked on the reader.</summary>
public sealed class RealExportReaderTests
{
    private static OneRosterPackage Read(byte[] zip, KnownRecords? known = null) =>
        OneRosterReader.Read(zip, new OneRosterOptions(), known ?? KnownRecords.None, new DateOnly(2026, 12, 7), allowPasswords: false);

    private static List<string> Errors(OneRosterPackage package) =>
        package.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => i.ToString()).ToList();

    [Fact]
    public void A_real_1_2_export_is_read_whole_without_errors()
    {
        var package = Read(RealExports.Bulk12());

        Assert.Empty(Errors(package));
        Assert.Equal("1.2", package.Version);
        Assert.True(package.IsBulk);
        Assert.Equal(PackageFileMode.Absent, package.ModeOf("demographics.csv"));
        Assert.Equal(["u1", "t1", "x1", "u3"], package.Users.Select(u => u.SourcedId));
        Assert.DoesNotContain(package.Issues, i => i.Column == "status");
    }

    [Fact]
    public void Manifest_values_with_spaces_around_them_a_BOM_quotes_and_no_final_newline_are_read()
    {
        var package = Read(RealExports.Bulk12());

        Assert.Equal("1.2", package.Version);
        Assert.Equal(PackageFileMode.Bulk, package.ModeOf("orgs.csv"));
        Assert.Equal(PackageFileMode.Bulk, package.ModeOf("roles.csv"));
    }

    [Fact]
    public void Quoted_values_keep_their_commas()
    {
        var package = Read(RealExports.Bulk12());

        Assert.Equal("Maple Elementary, North Campus", package.Schools.Single(s => s.SourcedId == "s1").Name);
        Assert.Equal("Lovelace, Jr.", package.Users.Single(u => u.SourcedId == "u1").FamilyName);
        var science = Assert.Single(package.Classes);
        Assert.Equal(("Science, Grade 3", "03", "science", "SCI-3"), (science.Title, science.Grade, science.Subject, science.ClassCode));
    }

    [Fact]
    public void Columns_in_another_order_and_columns_Twig_does_not_know_are_read_by_their_header()
    {
        var package = Read(RealExports.Bulk12());

        var ada = package.Users.Single(u => u.SourcedId == "u1");
        Assert.Equal(("Ada", "ada.l", "1001", "ada@students.example.org", true),
            (ada.GivenName, ada.Username, ada.Identifier, ada.Email, ada.Enabled));
        Assert.Equal(["s1"], ada.SchoolSourcedIds);
        Assert.Equal(("101", "Oak Middle"), (package.Schools[0].Identifier, package.Schools[1].Name));
        Assert.DoesNotContain(package.Issues, i => i.Message.Contains("nickname") || i.Message.Contains("metadata.region"));
    }

    [Fact]
    public void Status_and_dateLastModified_blank_or_absent_in_a_bulk_file_mean_active()
    {
        var package = Read(RealExports.Bulk12());

        // orgs.csv has neither column; users.csv, classes.csv and roles.csv leave them blank.
        Assert.Equal([false, false], package.Schools.Select(s => s.Deleted));
        Assert.All(package.Users, u => Assert.False(u.Deleted));
        Assert.False(Assert.Single(package.Classes).Deleted);
        Assert.All(package.Enrollments, e => Assert.False(e.Deleted));
    }

    [Fact]
    public void Vocabulary_in_another_case_is_read_as_the_standard_spells_it()
    {
        var package = Read(RealExports.Bulk12());

        // type School, role Student / Teacher, enabledUser TRUE / FALSE, primary TRUE, status Active, file mode Bulk.
        Assert.Equal(["s1", "s2"], package.Schools.Select(s => s.SourcedId));
        Assert.Equal(PersonRoles.Student, package.Users.Single(u => u.SourcedId == "u1").Roles);
        Assert.False(package.Users.Single(u => u.SourcedId == "u3").Enabled);
        var lead = package.Enrollments.Single(e => e.UserSourcedId == "t1");
        Assert.Equal((EnrollmentRole.Teacher, true), (lead.Role, lead.Primary));
        Assert.Equal(EnrollmentRole.Student, package.Enrollments.Single(e => e.UserSourcedId == "u1").Role);
        Assert.DoesNotContain(package.Issues, i => i.Column == "role");
    }

    [Fact]
    public void A_status_of_toBeDeleted_in_another_case_deletes()
    {
        var known = new KnownRecords(new HashSet<string> { "s1" }, new HashSet<string> { "u1" }, new HashSet<string>());

        var package = Read(RealExports.DeltaRemovingAda(), known);

        Assert.Empty(Errors(package));
        Assert.Equal(PackageFileMode.Delta, package.ModeOf("users.csv"));
        Assert.Equal([("u1", true)], package.Users.Select(u => (u.SourcedId, u.Deleted)));
    }

    [Fact]
    public void A_1_2_person_with_several_roles_holds_every_Twig_role_among_them_and_the_schools_of_each()
    {
        var package = Read(RealExports.Bulk12());

        var grace = package.Users.Single(u => u.SourcedId == "t1");
        Assert.Equal(PersonRoles.Teacher | PersonRoles.SchoolAdmin, grace.Roles);
        Assert.Equal(["s1", "s2"], grace.SchoolSourcedIds);
        // An aide (primary role) who also teaches (secondary) is a teacher, and teaches the class.
        Assert.Equal(PersonRoles.Teacher, package.Users.Single(u => u.SourcedId == "x1").Roles);
        Assert.Contains(package.Enrollments, e => e.UserSourcedId == "x1" && e.Role == EnrollmentRole.Teacher);
        Assert.DoesNotContain(package.Issues, i => i.Message.Contains("roles Twig does not serve"));
    }

    [Fact]
    public void A_zip_made_by_macOS_Compress_is_read_and_its___MACOSX_folder_ignored()
    {
        var package = Read(RealExports.Bulk12());

        Assert.Empty(Errors(package));
        Assert.DoesNotContain(package.Issues, i => i.Message.Contains("__MACOSX") || i.Message.Contains("DS_Store"));
        // Only __MACOSX is let through: any other folder is still a path, refused.
        var folder = Read(Zip(("manifest.csv", Manifest("1.1", ("users", "bulk"))), ("__MACOSX2/users.csv", Users11)));
        Assert.Contains("has a path in its name", Assert.Single(Errors(folder)));
    }

    [Fact]
    public void LF_line_endings_are_read_like_CRLF()
    {
        var package = Read(Bulk11(users: Users11.Replace("\r\n", "\n"), enrollments: Enrollments11.Replace("\r\n", "\n")));

        Assert.Empty(Errors(package));
        Assert.Equal(5, package.Users.Count);
        Assert.Equal(5, package.Enrollments.Count);
    }
}
