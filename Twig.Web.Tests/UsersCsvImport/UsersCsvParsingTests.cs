using System.Text;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>The file rules, checked on the parser directly: encoding, quoting, headers and every row rule.</summary>
public sealed class UsersCsvParsingTests
{
    private static ParsedFile Parse(string text, bool bom = false, int maxRows = 200_000) => UsersCsv.Parse(CsvFiles.Utf8(text, bom), maxRows);

    private static IEnumerable<string> Errors(ParsedFile file) =>
        file.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => $"{i.Row}|{i.Column}|{i.Message}");

    [Fact]
    public void An_Excel_saved_file_with_BOM_and_CRLF_is_read()
    {
        var file = Parse("User_ID , First_Name,LAST_NAME,username,password,role,email,school_names\r\n" +
                         "s1,Zoë,Ørsted,zoe,secret-pass,student,zoe@example.org,Lincoln Elementary\r\n" +
                         "t1,Ann,Lee,,,Teacher,,\r\n", bom: true);

        Assert.Empty(file.Issues);
        Assert.Equal(2, file.RowCount);
        var zoe = file.People[0];
        Assert.Equal(("s1", "Zoë", "Ørsted", "zoe", "secret-pass", PersonRoles.Student, "zoe@example.org"),
            (zoe.UserId, zoe.FirstName, zoe.LastName, zoe.Username, zoe.Password, zoe.Role, zoe.Email));
        Assert.Equal(["Lincoln Elementary"], zoe.SchoolNames);
        Assert.Equal(PersonRoles.Teacher, file.People[1].Role);
        Assert.Null(file.People[1].Password);
    }

    [Fact]
    public void Quoted_commas_quotes_and_line_breaks_stay_inside_their_field()
    {
        var file = Parse(CsvFiles.Header + "\n" +
                         "s1,\"Smith, Jr.\",\"O\"\"Brien\",,,student,,\"North; South\"\n" +
                         "s2,\"Two\nLines\",Last,,,student,,\n" +
                         "s3,Three,Last,,,student,,\n");

        Assert.Empty(file.Issues);
        Assert.Equal("Smith, Jr.", file.People[0].FirstName);
        Assert.Equal("O\"Brien", file.People[0].LastName);
        Assert.Equal(["North", "South"], file.People[0].SchoolNames);
        Assert.Equal("Two\nLines", file.People[1].FirstName);
        Assert.Equal(4, file.People[2].Row); // rows are records, counting the header: a line break inside a field does not shift them
    }

    [Fact]
    public void Missing_required_headers_are_named_together_in_one_error()
    {
        var file = Parse("user_id,first_name,username\ns1,Ann,ann\n");

        var error = Assert.Single(file.Issues);
        Assert.Equal(IssueSeverity.Error, error.Severity);
        Assert.StartsWith("The header row is missing the required columns last_name, role, password, email.", error.Message);
    }

    [Theory]
    [InlineData(';', "semicolons (;)")]
    [InlineData('\t', "tabs")]
    public void A_file_saved_with_semicolons_or_tabs_between_columns_is_told_so(char separator, string named)
    {
        var file = Parse(string.Join(separator, "user_id,first_name,last_name,username,password,role,email,school_names".Split(',')) +
            "\n" + string.Join(separator, "s1,Ann,Lee,ann,,student,,North".Split(',')) + "\n");

        var error = Assert.Single(file.Issues);
        Assert.Equal(IssueSeverity.Error, error.Severity);
        Assert.StartsWith($"The columns are separated by {named}, not commas. In Excel choose File › Save As", error.Message);
        Assert.Empty(file.People);
    }

    [Fact]
    public void Unknown_columns_are_a_warning_naming_them()
    {
        var file = Parse(CsvFiles.Header + ",grade, Nickname\ns1,Ann,Lee,,,student,,,5,Annie\n");

        Assert.False(file.HasErrors);
        Assert.Equal(["grade", "Nickname"], file.Issues.Where(i => i.Severity == IssueSeverity.Warning).Select(i => i.Column));
        Assert.Single(file.People);
    }

    [Fact]
    public void A_Latin1_file_is_refused_with_advice_to_save_as_CSV_UTF8()
    {
        var latin1 = Encoding.Latin1.GetBytes(CsvFiles.File("s1,José,Núñez,,,student,,"));
        var file = UsersCsv.Parse(latin1, 100);

        var error = Assert.Single(file.Issues);
        Assert.Contains("not UTF-8", error.Message);
        Assert.Contains("CSV UTF-8", error.Message);
        Assert.Empty(file.People);
    }

    [Fact]
    public void An_Excel_workbook_is_refused_by_name()
    {
        var file = UsersCsv.Parse([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], 100);
        Assert.Contains("Excel workbook", Assert.Single(file.Issues).Message);
    }

    [Fact]
    public void Required_values_are_reported_with_row_and_column()
    {
        var file = Parse(CsvFiles.File(",,,,,,,Lincoln"));

        Assert.Equal(
        [
            "2|user_id|user_id is required.",
            "2|first_name|first_name is required.",
            "2|last_name|last_name is required.",
            "2|role|role is required: student, teacher or administrator.",
        ], Errors(file));
    }

    [Theory]
    [InlineData("student", PersonRoles.Student)]
    [InlineData("Teacher", PersonRoles.Teacher)]
    [InlineData(" administrator ", PersonRoles.SchoolAdmin)]
    public void Roles_map_to_person_roles(string role, PersonRoles expected) =>
        Assert.Equal(expected, Assert.Single(Parse(CsvFiles.File(CsvFiles.Row("s1", role))).People).Role);

    [Fact]
    public void An_unknown_role_is_an_error()
    {
        var file = Parse(CsvFiles.File(CsvFiles.Row("s1", "principal")));
        Assert.Equal(["2|role|role \"principal\" is not student, teacher or administrator."], Errors(file));
    }

    [Fact]
    public void User_ids_are_unique_in_the_file_and_case_sensitive()
    {
        var file = Parse(CsvFiles.File(CsvFiles.Row("A1"), CsvFiles.Row("a1"), CsvFiles.Row("A1")));

        Assert.Equal(["4|user_id|user_id \"A1\" is also on row 2; each person appears once."], Errors(file));
        Assert.Equal(["A1", "a1"], file.People.Select(p => p.UserId));
    }

    [Fact]
    public void Usernames_are_unique_in_the_file_ignoring_case()
    {
        var file = Parse(CsvFiles.File(CsvFiles.Row("s1", username: "Sam"), CsvFiles.Row("s2", username: "sAM"), CsvFiles.Row("s3", username: "sam two")));

        Assert.Equal(
        [
            "3|username|username \"sAM\" is also on row 2; usernames are unique (upper/lower case ignored).",
            "4|username|username \"sam two\" may hold only letters, digits and . _ @ + - (no spaces).",
        ], Errors(file));
    }

    [Theory]
    [InlineData("ann@example.org", true)]
    [InlineData("ann.lee+class@students.example.org", true)]
    [InlineData("ann@", false)]
    [InlineData("ann example.org", false)]
    [InlineData("ann@example", false)]
    [InlineData("a@b@example.org", false)]
    public void Email_syntax_is_checked(string email, bool valid)
    {
        var file = Parse(CsvFiles.File(CsvFiles.Row("s1", email: email)));
        Assert.Equal(valid, !file.HasErrors);
        if (!valid) Assert.Equal($"2|email|\"{email}\" is not a valid e-mail address.", Assert.Single(Errors(file)));
    }

    [Fact]
    public void A_shared_email_is_a_warning_because_Google_sign_in_needs_one_person_per_address()
    {
        var file = Parse(CsvFiles.File(CsvFiles.Row("s1", email: "kid@example.org"), CsvFiles.Row("s2", email: "KID@example.org")));

        Assert.False(file.HasErrors);
        Assert.Equal(2, file.People.Count);
        var warning = Assert.Single(file.Issues);
        Assert.Equal((3, "email"), (warning.Row!.Value, warning.Column!));
        Assert.Contains("also on row 2", warning.Message);
    }

    [Fact]
    public void Passwords_need_eight_characters_when_given_and_are_never_quoted_in_messages()
    {
        var file = Parse(CsvFiles.File(CsvFiles.Row("s1", password: "short7!"), CsvFiles.Row("s2", password: "eight888"), CsvFiles.Row("s3")));

        Assert.Equal(["2|password|The password is shorter than 8 characters."], Errors(file));
        Assert.DoesNotContain(file.Issues, i => i.Message.Contains("short7!"));
        Assert.Equal(["s2", "s3"], file.People.Select(p => p.UserId));
    }

    [Fact]
    public void School_names_are_split_on_semicolons_trimmed_and_deduplicated()
    {
        var person = Assert.Single(Parse(CsvFiles.File(CsvFiles.Row("a1", "administrator", schools: " North ;South;;north"))).People);
        Assert.Equal(["North", "South"], person.SchoolNames);
    }

    [Fact]
    public void Rows_repeating_a_school_names_cell_each_get_its_schools_and_each_get_its_problem()
    {
        // Rows with the same cell share its schools (worked out once); a cell with a problem is checked again on every row.
        var tooLong = new string('x', UsersCsv.Lengths.SchoolName + 1);
        var file = Parse(CsvFiles.File(
            CsvFiles.Row("a1", "administrator", schools: "North; South"), CsvFiles.Row("a2", "administrator", schools: "North; South"),
            CsvFiles.Row("s3", schools: $"North;{tooLong}"), CsvFiles.Row("s4", schools: $"North;{tooLong}"),
            CsvFiles.Row("s5", schools: "north")));

        Assert.Equal([4, 5],
            file.Issues.Where(i => i.Severity == IssueSeverity.Error && i.Column == "school_names").Select(i => i.Row!.Value));
        Assert.Equal(["a1", "a2", "s5"], file.People.Select(p => p.UserId));
        Assert.All(file.People.Take(2), p => Assert.Equal(["North", "South"], p.SchoolNames));
        Assert.Equal(["north"], file.People[2].SchoolNames);
    }

    [Fact]
    public void Every_problem_of_every_row_is_reported_at_once()
    {
        var file = Parse(CsvFiles.File(CsvFiles.Row("s1", "pupil"), CsvFiles.Row("s2", email: "nope"), CsvFiles.Row("s3"), CsvFiles.Row("s4", password: "x")));
        Assert.Equal([2, 3, 5], file.Issues.Select(i => i.Row!.Value));
    }

    [Fact]
    public void A_row_with_an_unquoted_comma_is_caught()
    {
        var file = Parse(CsvFiles.Header + "\ns1,Smith, Jr.,Lee,,,student,,North\n");
        Assert.Contains(Errors(file), e => e.StartsWith("2||This row has 9 values", StringComparison.Ordinal));
    }

    [Fact]
    public void A_row_out_of_step_with_its_header_never_shows_a_password_in_a_message()
    {
        // An unquoted comma pushes the password under role; a missing username pulls it under username; a missing e-mail
        // pulls the school name under email. A password is never stored or shown, even where it landed by mistake.
        var file = Parse(CsvFiles.Header + "\n" +
                         "s2,Bob,Smith,Jr,bsmith,Bob-Secret-Pass-2,student,bob@example.org,North\n" +
                         "s3,Cy,Lee,Cy Secret Pass!3,student,cy@example.org,North\n" +
                         "s4,Di,Ng,ding,Di-Secret-Pass-4,student,not mail\n" +
                         "s5,Ed,Ode,Jr,eode,Ed-Secret-Pass-5,student,ed@example.org\n" +
                         "s6,Fy,Po,Jr,fpo,Fy-Secret-Pass-6,studnet,fy@example.org\n");

        var errors = Errors(file).ToList();
        Assert.Equal(["2||This row has 9 values but the header has 8 columns. A value holding a comma must be in double quotes."],
            errors.Where(e => e.StartsWith("2|", StringComparison.Ordinal)));
        Assert.Contains(errors, e => e.StartsWith("3|username|username (not shown: this row looks out of step", StringComparison.Ordinal));
        // Row 5 has as many values as the header: a comma too many and a value too few put the password under role.
        Assert.Contains(errors, e => e.StartsWith("5|role|role (not shown: this row looks out of step", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("4|email|The e-mail address is not valid (not shown", StringComparison.Ordinal));
        // Row 6 also misspells the role it moved on: no column holds a role, and what sits under role may be a password.
        Assert.Contains(errors, e => e.StartsWith("6|role|role (not shown: this row looks out of step", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("Secret", StringComparison.Ordinal));
        Assert.Empty(file.People);
    }

    [Fact]
    public void A_200000_row_file_is_read_and_one_more_row_is_refused()
    {
        var text = CsvFiles.Students(200_000);
        var file = Parse(text);
        Assert.Empty(file.Issues);
        Assert.Equal(200_000, file.People.Count);
        Assert.Equal(200_001, file.People[^1].Row);

        var tooMany = Parse(text + CsvFiles.Row("extra") + "\n");
        Assert.Equal("The file has 200,001 rows; at most 200,000 people can be uploaded at once.", Assert.Single(tooMany.Issues).Message);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("plain, text", "\"plain, text\"")]
    [InlineData("ok", "ok")]
    public void Report_cells_are_quoted_and_never_run_as_formulas(string value, string cell) =>
        Assert.Equal(cell, Twig.Web.Infrastructure.Web.SpreadsheetCsv.Cell(value));
}
