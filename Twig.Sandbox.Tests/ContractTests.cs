using System.Net;
using System.Text.Json;

namespace Twig.Sandbox.Tests;

/// <summary>Every Data API endpoint Twig uses, validated against Clever's v3.0 Swagger.</summary>
[Collection(SandboxCollection.Name)]
public sealed class ContractTests(SandboxServer server)
{
    private readonly SwaggerSchema schema = SwaggerSchema.Instance;

    private HttpClient DemoClient() => server.ApiClient(server.Demo.Token);

    [Fact]
    public void The_swagger_is_found_beside_the_repository_and_has_the_definitions_we_validate()
    {
        Assert.Contains("UsersResponse", schema.DefinitionNames);
        Assert.Contains("SectionsResponse", schema.DefinitionNames);
    }

    [Fact]
    public async Task Districts_list_and_single_match_the_swagger()
    {
        var client = DemoClient();
        var list = await ApiCalls.GetOk(client, server.Api("/v3.0/districts"));
        schema.AssertValid("DistrictsResponse", list);
        Assert.Equal([server.Demo.Id], ApiCalls.Ids(list));
        var single = await ApiCalls.GetOk(client, server.Api("/v3.0/districts/" + server.Demo.Id));
        schema.AssertValid("DistrictResponse", single, "links");
        Assert.Equal("Demo Unified", single.GetProperty("data").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("schools", "SchoolsResponse", "SchoolResponse")]
    [InlineData("sections", "SectionsResponse", "SectionResponse")]
    [InlineData("terms", "TermsResponse", "TermResponse")]
    [InlineData("courses", "CoursesResponse", "CourseResponse")]
    [InlineData("users", "UsersResponse", "UserResponse")]
    public async Task Every_record_of_a_collection_matches_the_swagger(string collection, string listDefinition, string singleDefinition)
    {
        var client = DemoClient();
        var pages = await ApiCalls.Walk(client, $"/v3.0/{collection}?limit=10000");
        Assert.Single(pages);
        schema.AssertValid(listDefinition, pages[0]);
        foreach (var item in pages[0].GetProperty("data").EnumerateArray())
            Assert.Equal($"/v3.0/{collection}/{item.GetProperty("data").GetProperty("id").GetString()}", item.GetProperty("uri").GetString());
        var firstId = ApiCalls.Ids(pages[0]).First();
        var single = await ApiCalls.GetOk(client, server.Api($"/v3.0/{collection}/{firstId}"));
        schema.AssertValid(singleDefinition, single, "links");
        Assert.Equal($"/v3.0/{collection}/{firstId}", ApiCalls.Link(single, "self"));
    }

    [Theory]
    [InlineData("student", "student")]
    [InlineData("teacher", "teacher")]
    [InlineData("staff", "staff")]
    [InlineData("district_admin", "district_admin")]
    [InlineData("contact", "contact")]
    public async Task Users_filtered_by_role_all_hold_that_role_and_match_the_swagger(string role, string rolesProperty)
    {
        var page = await ApiCalls.GetOk(DemoClient(), server.Api($"/v3.0/users?role={role}&limit=10000"));
        schema.AssertValid("UsersResponse", page);
        var users = page.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("data")).ToList();
        Assert.NotEmpty(users);
        Assert.All(users, u => Assert.True(u.GetProperty("roles").TryGetProperty(rolesProperty, out _)));
        Assert.Equal(server.Demo.Roster.CountUsers(role), users.Count);
    }

    [Fact]
    public async Task Sub_resources_twig_uses_match_the_swagger_and_agree_with_each_other()
    {
        var client = DemoClient();
        var roster = server.Demo.Roster;
        var teacher = roster.AnyTeacherWithSections();
        var sections = await ApiCalls.GetOk(client, server.Api($"/v3.0/users/{teacher.Id}/sections"));
        schema.AssertValid("SectionsResponse", sections);
        var section = sections.GetProperty("data")[0].GetProperty("data");
        Assert.Contains(teacher.Id, section.GetProperty("teachers").EnumerateArray().Select(t => t.GetString()));

        var sectionId = section.GetProperty("id").GetString();
        var students = await ApiCalls.GetOk(client, server.Api($"/v3.0/sections/{sectionId}/users?role=student"));
        schema.AssertValid("UsersResponse", students);
        Assert.Equal(section.GetProperty("students").EnumerateArray().Select(s => s.GetString()), ApiCalls.Ids(students));

        var schoolId = section.GetProperty("school").GetString();
        var school = await ApiCalls.GetOk(client, server.Api($"/v3.0/sections/{sectionId}/school"));
        schema.AssertValid("SchoolResponse", school, "links");
        Assert.Equal(schoolId, school.GetProperty("data").GetProperty("id").GetString());

        var schoolSections = await ApiCalls.GetOk(client, server.Api($"/v3.0/schools/{schoolId}/sections?limit=10000"));
        schema.AssertValid("SectionsResponse", schoolSections);
        Assert.Contains(sectionId, ApiCalls.Ids(schoolSections));

        var schoolStudents = await ApiCalls.GetOk(client, server.Api($"/v3.0/schools/{schoolId}/users?role=student&limit=10000"));
        schema.AssertValid("UsersResponse", schoolStudents);
        Assert.All(section.GetProperty("students").EnumerateArray(), s => Assert.Contains(s.GetString(), ApiCalls.Ids(schoolStudents)));

        var userSchools = await ApiCalls.GetOk(client, server.Api($"/v3.0/users/{teacher.Id}/schools"));
        schema.AssertValid("SchoolsResponse", userSchools);
        Assert.Contains(teacher.Roles.Teacher!.School, ApiCalls.Ids(userSchools));

        var myStudents = await ApiCalls.GetOk(client, server.Api($"/v3.0/users/{teacher.Id}/mystudents?limit=10000"));
        schema.AssertValid("UsersResponse", myStudents);
        Assert.NotEmpty(ApiCalls.Ids(myStudents));

        foreach (var relative in new[] { $"/v3.0/users/{teacher.Id}/district", $"/v3.0/schools/{schoolId}/district", $"/v3.0/sections/{sectionId}/district" })
            schema.AssertValid("DistrictResponse", await ApiCalls.GetOk(client, server.Api(relative)), "links");
        schema.AssertValid("TermResponse", await ApiCalls.GetOk(client, server.Api($"/v3.0/sections/{sectionId}/term")), "links");
        schema.AssertValid("TermsResponse", await ApiCalls.GetOk(client, server.Api($"/v3.0/schools/{schoolId}/terms")));
        var schoolCourses = await ApiCalls.GetOk(client, server.Api($"/v3.0/schools/{schoolId}/courses"));
        schema.AssertValid("CoursesResponse", schoolCourses);
        Assert.Contains(section.GetProperty("course").GetString(), ApiCalls.Ids(schoolCourses));
        schema.AssertValid("CourseResponse", await ApiCalls.GetOk(client, server.Api($"/v3.0/sections/{sectionId}/course")), "links");
    }

    [Fact]
    public async Task Me_has_clevers_v3_shape_for_district_tokens()
    {
        var me = await ApiCalls.GetOk(DemoClient(), server.Api("/v3.0/me"));
        Assert.Equal("district", me.GetProperty("type").GetString());
        Assert.Equal(server.Demo.Id, me.GetProperty("data").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Unknown_routes_get_clevers_html_404_with_rate_limit_headers()
    {
        var (status, _, response) = await ApiCalls.Get(DemoClient(), server.Api("/v3.0/resources"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Cannot GET /v3.0/resources", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Unknown_ids_get_a_json_404_message()
    {
        var (status, body, _) = await ApiCalls.Get(DemoClient(), server.Api("/v3.0/users/000000000000000000000000"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        schema.AssertValid("NotFound", body);
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task Schools_sections_and_user_roles_carry_ext_and_students_a_location_as_real_clever_records_do()
    {
        var client = DemoClient();
        var schools = await ApiCalls.GetOk(client, server.Api("/v3.0/schools?limit=10000"));
        var sections = await ApiCalls.GetOk(client, server.Api("/v3.0/sections?limit=10000"));
        var students = await ApiCalls.GetOk(client, server.Api("/v3.0/users?role=student&limit=10000"));
        var teachers = await ApiCalls.GetOk(client, server.Api("/v3.0/users?role=teacher&limit=10000"));
        schema.AssertValid("SchoolsResponse", schools);
        schema.AssertValid("SectionsResponse", sections);
        schema.AssertValid("UsersResponse", students);

        static IEnumerable<JsonElement> Records(JsonElement page) => page.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("data"));
        Assert.All(Records(schools), s => Assert.Equal(JsonValueKind.String, s.GetProperty("ext").GetProperty("school_type").ValueKind));
        Assert.All(Records(sections), s => Assert.Equal(JsonValueKind.String, s.GetProperty("ext").GetProperty("room").ValueKind));
        Assert.All(Records(teachers), t => Assert.Equal("Certified", t.GetProperty("roles").GetProperty("teacher").GetProperty("ext").GetProperty("employee_type").GetString()));
        var studentRoles = Records(students).Select(u => u.GetProperty("roles").GetProperty("student")).ToList();
        Assert.All(studentRoles, r => Assert.True(r.GetProperty("ext").TryGetProperty("homeroom", out _)));
        var located = studentRoles.Where(r => r.TryGetProperty("location", out _)).ToList();
        Assert.InRange(located.Count, studentRoles.Count / 2, studentRoles.Count - 1); // most, not all: not every SIS has an address
        Assert.All(located, r => Assert.Matches(@"^9\d{4}$", r.GetProperty("location").GetProperty("zip").GetString()));
    }
}
