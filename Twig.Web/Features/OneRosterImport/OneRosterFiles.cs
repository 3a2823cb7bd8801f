using Twig.Web.Domain;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>The files of a package Twig reads, and the columns it reads from each (all others are never looked at).</summary>
public static class OneRosterFiles
{
    public const string Manifest = "manifest.csv";
    public const string Orgs = "orgs.csv";
    public const string Users = "users.csv";
    public const string Roles = "roles.csv";
    public const string Classes = "classes.csv";
    public const string Enrollments = "enrollments.csv";
    public const string Courses = "courses.csv";
    public const string AcademicSessions = "academicSessions.csv";

    /// <summary>The files whose records become Twig's schools, people, sections and enrollments.</summary>
    public static readonly IReadOnlyList<string> Roster = [Orgs, Users, Classes, Enrollments];

    /// <summary>Every file Twig inflates; demographics, gradebook and the rest stay compressed and unread.</summary>
    public static readonly IReadOnlySet<string> Read = new HashSet<string>(StringComparer.Ordinal)
        { Manifest, Orgs, Users, Roles, Classes, Enrollments, Courses, AcademicSessions };

    public static readonly string[] StatusColumns = ["status", "dateLastModified"];
    public static readonly string[] OrgsRequired = ["sourcedId", "name", "type"];
    public static readonly string[] OrgsOptional = ["status", "dateLastModified", "identifier", "parentSourcedId"];
    public static readonly string[] UsersRequired11 = ["sourcedId", "role", "givenName", "familyName"];
    public static readonly string[] UsersRequired12 = ["sourcedId", "givenName", "familyName"];
    public static readonly string[] UsersOptional =
        ["status", "dateLastModified", "enabledUser", "orgSourcedIds", "primaryOrgSourcedId", "role", "username", "middleName",
            "identifier", "email", "grades", "password"];
    public static readonly string[] RolesRequired = ["userSourcedId", "role", "orgSourcedId"];
    public static readonly string[] RolesOptional = ["sourcedId", "status", "dateLastModified", "roleType", "beginDate", "endDate"];
    public static readonly string[] ClassesRequired = ["sourcedId", "title", "schoolSourcedId"];
    public static readonly string[] ClassesOptional =
        ["status", "dateLastModified", "classCode", "courseSourcedId", "grades", "subjects", "periods", "termSourcedIds"];
    public static readonly string[] EnrollmentsRequired = ["sourcedId", "classSourcedId", "userSourcedId", "role"];
    // beginDate is only checked: an enrollment or role that begins later is kept (see PackageRows.Dates).
    public static readonly string[] EnrollmentsOptional =
        ["status", "dateLastModified", "schoolSourcedId", "primary", "beginDate", "endDate"];
    public static readonly string[] CoursesRequired = ["sourcedId", "title"];
    public static readonly string[] CoursesOptional = ["status", "dateLastModified", "orgSourcedId", "courseCode"];
    public static readonly string[] SessionsRequired = ["sourcedId", "title", "type"];
    public static readonly string[] SessionsOptional = ["status", "dateLastModified", "startDate", "endDate", "parentSourcedId"];

    /// <summary>
    /// Every role the 1.1 and 1.2 vocabularies name, with Twig's role for it: every administrator kind (1.1 administrator;
    /// 1.2 siteAdministrator, principal, systemAdministrator) is Twig's school administrator, 1.2's districtAdministrator its
    /// district administrator (an administrator of a district org is one too: see PackageRows.CheckUserOrgs); roles Twig
    /// does not serve (guardian, parent, aide, …) are None. Looked up ignoring case: some SIS exports write "Teacher" for
    /// the standard's "teacher".
    /// </summary>
    private static readonly Dictionary<string, PersonRoles> RoleVocabulary = new(StringComparer.OrdinalIgnoreCase)
    {
        ["student"] = PersonRoles.Student,
        ["teacher"] = PersonRoles.Teacher,
        ["administrator"] = PersonRoles.SchoolAdmin,
        ["districtAdministrator"] = PersonRoles.DistrictAdmin,
        ["siteAdministrator"] = PersonRoles.SchoolAdmin,
        ["principal"] = PersonRoles.SchoolAdmin,
        ["systemAdministrator"] = PersonRoles.SchoolAdmin,
        ["aide"] = PersonRoles.None,
        ["guardian"] = PersonRoles.None,
        ["parent"] = PersonRoles.None,
        ["proctor"] = PersonRoles.None,
        ["relative"] = PersonRoles.None,
        ["counselor"] = PersonRoles.None,
        ["staff"] = PersonRoles.None,
        ["student-teacher"] = PersonRoles.None,
        ["externalGuardian"] = PersonRoles.None,
    };

    /// <summary>A OneRoster role as Twig's role (None for a role Twig does not serve or an unknown one).</summary>
    public static PersonRoles MapRole(string role) => RoleVocabulary.GetValueOrDefault(role);

    /// <summary>Whether the role is one the standard names (upper/lower case ignored), for the warning on an unknown one.</summary>
    public static bool IsKnownRole(string role) => RoleVocabulary.ContainsKey(role);
}
