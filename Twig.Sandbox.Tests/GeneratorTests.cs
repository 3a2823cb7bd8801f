using System.Net;
using Twig.Sandbox.Configuration;
using Twig.Sandbox.Generation;

namespace Twig.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class GeneratorTests(SandboxServer server)
{
    [Fact]
    public void The_same_seed_gives_the_same_ids_and_names_and_another_seed_does_not()
    {
        var a = server.NewDistrict(300, seed: 5);
        var b = server.NewDistrict(300, seed: 5);
        var c = server.NewDistrict(300, seed: 6);
        Assert.Equal(a.Roster.Users().Select(u => (u.Id, u.Name, u.Email?.Split('@')[0])), b.Roster.Users().Select(u => (u.Id, u.Name, u.Email?.Split('@')[0])));
        Assert.Equal(a.Roster.Sections().Select(s => s.Name), b.Roster.Sections().Select(s => s.Name));
        Assert.NotEqual(a.Roster.Users().Select(u => u.Name), c.Roster.Users().Select(u => u.Name));
    }

    [Fact]
    public void The_demo_district_has_the_configured_shape()
    {
        var roster = server.Demo.Roster;
        Assert.Equal(3, roster.CountSchools());
        Assert.Equal(600, roster.CountUsers("student"));
        Assert.Equal(30, roster.CountUsers("teacher"));
        Assert.True(server.Demo.Connected);
    }

    [Fact]
    public void Sections_hold_15_to_35_students_and_1_to_3_teachers_and_membership_agrees_both_ways()
    {
        var sections = server.Demo.Roster.Sections().ToList();
        Assert.All(sections, s => Assert.InRange(s.Students.Count, 15, 35));
        Assert.All(sections, s => Assert.InRange(s.Teachers.Count, 1, 3));
        Assert.All(sections, s => Assert.Equal(s.Teachers[0], s.Teacher));
        Assert.Contains(sections, s => s.Teachers.Count > 1);
        OvernightChangeTests.AssertMembershipAgrees(server.Demo);
    }

    [Fact]
    public void The_roster_has_the_awkward_cases_real_districts_have()
    {
        var roster = server.Demo.Roster;
        var users = roster.Users().ToList();
        Assert.Contains(users, u => u.Roles.Student?.Schools.Count > 1);
        Assert.NotNull(roster.AnyMultiRolePerson().Roles.Staff);
        Assert.Null(roster.AnyContact().Roles.Student);
        Assert.NotNull(roster.AnyContact().Roles.Contact);
        Assert.NotNull(roster.AnyDistrictAdmin().Roles.DistrictAdmin);
        Assert.Null(roster.AnyStaff().Roles.Teacher);
        var missing = roster.AnyStudentMissingMandatoryField();
        Assert.True(missing.Name.Last is null || missing.Name.First == "");
        Assert.Contains(users, u => u.Email is null);
        Assert.Contains(users, u => u.Name.Last?.Contains('\'') == true || u.Name.First?.Contains('\'') == true);
        Assert.Contains(users, u => u.Name.Last?.Contains('-') == true || u.Name.First?.Contains('-') == true);
        Assert.Contains(users, u => (u.Name.First + u.Name.Last).Any(ch => ch > 127));
        Assert.Contains(users, u => (u.Name.First?.Length ?? 0) + (u.Name.Last?.Length ?? 0) > 30);
        Assert.Contains(users, u => u.Roles.Student is { } s && s.StateId is null);
        Assert.All(users, u => Assert.Matches("^[0-9a-f]{24}$", u.Id));
        Assert.Equal(users.Select(u => u.Id).Order(StringComparer.Ordinal), users.Select(u => u.Id));
    }

    [Fact]
    public async Task Serving_page_40_of_a_500000_student_district_builds_only_that_page()
    {
        var district = server.Sandbox.AddDistrict(new SandboxDistrictOptions { Name = "Huge Unified", Seed = 500_000, Students = 500_000 });
        Assert.Equal(0, district.Roster.RecordsBuilt);

        // Users are laid out admins, staff, teachers, students: record 390,000 of the collection is simply an ordinal.
        var layout = district.Roster.Layout;
        var cursor = district.Roster.IdOf(layout.StartOf(RecordKind.DistrictAdmin) + 39 * 10_000 - 1);
        var client = server.ApiClient(district.Token);
        var page = await ApiCalls.GetOk(client, server.Api("/v3.0/users?role=student&limit=10000&starting_after=" + cursor));
        Assert.Equal(10_000, page.GetProperty("data").GetArrayLength());
        Assert.InRange(district.Roster.RecordsBuilt, 10_000, 10_010);
        Assert.NotNull(ApiCalls.Link(page, "next"));
        Assert.NotNull(ApiCalls.Link(page, "prev"));

        var sectionPage = await ApiCalls.GetOk(client, server.Api("/v3.0/sections?limit=100&starting_after=" + district.Roster.IdOf(layout.StartOf(RecordKind.Section) + 15_000)));
        Assert.Equal(100, sectionPage.GetProperty("data").GetArrayLength());
        Assert.InRange(district.Roster.RecordsBuilt, 10_100, 10_200);
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(client, server.Api("/v3.0/districts"))).Status);
    }
}
