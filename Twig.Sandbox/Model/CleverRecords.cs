using System.Text.Json.Serialization;

namespace Twig.Sandbox.Model;

// Payload objects exactly as the Data API v3.0 serves them (field names from Clever's v3.0 Swagger).
// A null property is omitted from the JSON, which is how "not guaranteed" fields go missing.

public sealed record CleverName(
    [property: JsonPropertyName("first")] string? First,
    [property: JsonPropertyName("middle")] string? Middle,
    [property: JsonPropertyName("last")] string? Last);

public sealed record CleverCredentials([property: JsonPropertyName("district_username")] string DistrictUsername);

public sealed record CleverLocation(
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("zip")] string? Zip)
{
    [JsonPropertyName("lat")] public string? Lat { get; init; }
    [JsonPropertyName("lon")] public string? Lon { get; init; }
}

// `ext` is the district's own SIS extension fields, passed through by Clever as an object of strings: real records
// carry it on schools, sections and the student, teacher and staff roles (v3.0 Swagger: `ext: type: object`).

public sealed record CleverPrincipal(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("email")] string? Email);

public sealed record CleverDistrictContact(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("district")] string District,
    [property: JsonPropertyName("name")] CleverName Name,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("title")] string Title);

public sealed record CleverDistrict
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("portal_url")] public string? PortalUrl { get; init; }
    [JsonPropertyName("launch_date")] public string? LaunchDate { get; init; }
    [JsonPropertyName("login_methods")] public IReadOnlyList<string>? LoginMethods { get; init; }
    [JsonPropertyName("sis_type")] public string? SisType { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("last_sync")] public string? LastSync { get; init; }
    [JsonPropertyName("mdr_number")] public string? MdrNumber { get; init; }
    [JsonPropertyName("nces_id")] public string? NcesId { get; init; }
    [JsonPropertyName("district_contact")] public CleverDistrictContact? DistrictContact { get; init; }
}

public sealed record CleverSchool
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("district")] public required string District { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("sis_id")] public required string SisId { get; init; }
    [JsonPropertyName("school_number")] public required string SchoolNumber { get; init; }
    [JsonPropertyName("state_id")] public string? StateId { get; init; }
    [JsonPropertyName("nces_id")] public string? NcesId { get; init; }
    [JsonPropertyName("mdr_number")] public string? MdrNumber { get; init; }
    [JsonPropertyName("low_grade")] public string? LowGrade { get; init; }
    [JsonPropertyName("high_grade")] public string? HighGrade { get; init; }
    [JsonPropertyName("phone")] public string? Phone { get; init; }
    [JsonPropertyName("location")] public CleverLocation? Location { get; init; }
    [JsonPropertyName("principal")] public CleverPrincipal? Principal { get; init; }
    [JsonPropertyName("ext")] public IReadOnlyDictionary<string, string>? Ext { get; init; }
    [JsonPropertyName("created")] public required string Created { get; init; }
    [JsonPropertyName("last_modified")] public required string LastModified { get; init; }
}

public sealed record CleverTerm
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("district")] public required string District { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("start_date")] public string? StartDate { get; init; }
    [JsonPropertyName("end_date")] public string? EndDate { get; init; }
}

public sealed record CleverCourse
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("district")] public required string District { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("number")] public string? Number { get; init; }
}

public sealed record CleverSection
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("district")] public required string District { get; init; }
    [JsonPropertyName("school")] public required string School { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("sis_id")] public required string SisId { get; init; }
    [JsonPropertyName("subject")] public string? Subject { get; init; }
    [JsonPropertyName("grade")] public string? Grade { get; init; }
    [JsonPropertyName("period")] public string? Period { get; init; }
    [JsonPropertyName("section_number")] public string? SectionNumber { get; init; }
    [JsonPropertyName("teacher")] public string? Teacher { get; init; }
    [JsonPropertyName("teachers")] public required IReadOnlyList<string> Teachers { get; init; }
    [JsonPropertyName("students")] public required IReadOnlyList<string> Students { get; init; }
    [JsonPropertyName("term_id")] public string? TermId { get; init; }
    [JsonPropertyName("course")] public string? Course { get; init; }
    [JsonPropertyName("ext")] public IReadOnlyDictionary<string, string>? Ext { get; init; }
    [JsonPropertyName("created")] public required string Created { get; init; }
    [JsonPropertyName("last_modified")] public required string LastModified { get; init; }
}

public sealed record CleverUser
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("district")] public required string District { get; init; }
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("name")] public required CleverName Name { get; init; }
    [JsonPropertyName("created")] public required string Created { get; init; }
    [JsonPropertyName("last_modified")] public required string LastModified { get; init; }
    [JsonPropertyName("roles")] public required CleverRoles Roles { get; init; }
}

public sealed record CleverRoles
{
    [JsonPropertyName("student")] public CleverStudentRole? Student { get; init; }
    [JsonPropertyName("teacher")] public CleverTeacherRole? Teacher { get; init; }
    [JsonPropertyName("staff")] public CleverStaffRole? Staff { get; init; }
    [JsonPropertyName("district_admin")] public CleverDistrictAdminRole? DistrictAdmin { get; init; }
    [JsonPropertyName("contact")] public CleverContactRole? Contact { get; init; }
}

public sealed record CleverEnrollment(
    [property: JsonPropertyName("school")] string School,
    [property: JsonPropertyName("start_date")] string StartDate);

public sealed record CleverStudentRole
{
    [JsonPropertyName("sis_id")] public required string SisId { get; init; }
    [JsonPropertyName("student_number")] public string? StudentNumber { get; init; }
    [JsonPropertyName("state_id")] public string? StateId { get; init; }
    [JsonPropertyName("school")] public required string School { get; init; }
    [JsonPropertyName("schools")] public required IReadOnlyList<string> Schools { get; init; }
    [JsonPropertyName("grade")] public string? Grade { get; init; }
    [JsonPropertyName("graduation_year")] public string? GraduationYear { get; init; }
    [JsonPropertyName("dob")] public string? Dob { get; init; }
    [JsonPropertyName("gender")] public string? Gender { get; init; }
    [JsonPropertyName("race")] public string? Race { get; init; }
    [JsonPropertyName("hispanic_ethnicity")] public string? HispanicEthnicity { get; init; }
    [JsonPropertyName("ell_status")] public string? EllStatus { get; init; }
    [JsonPropertyName("enrollments")] public IReadOnlyList<CleverEnrollment>? Enrollments { get; init; }
    [JsonPropertyName("credentials")] public CleverCredentials? Credentials { get; init; }
    /// <summary>The student's home address as the SIS has it (Clever shares it only with some apps).</summary>
    [JsonPropertyName("location")] public CleverLocation? Location { get; init; }
    [JsonPropertyName("ext")] public IReadOnlyDictionary<string, string>? Ext { get; init; }
}

public sealed record CleverTeacherRole
{
    [JsonPropertyName("sis_id")] public required string SisId { get; init; }
    [JsonPropertyName("teacher_number")] public string? TeacherNumber { get; init; }
    [JsonPropertyName("state_id")] public string? StateId { get; init; }
    [JsonPropertyName("school")] public required string School { get; init; }
    [JsonPropertyName("schools")] public required IReadOnlyList<string> Schools { get; init; }
    [JsonPropertyName("title")] public string? Title { get; init; }
    [JsonPropertyName("credentials")] public CleverCredentials? Credentials { get; init; }
    [JsonPropertyName("legacy_id")] public string? LegacyId { get; init; }
    [JsonPropertyName("ext")] public IReadOnlyDictionary<string, string>? Ext { get; init; }
}

public sealed record CleverStaffRole
{
    [JsonPropertyName("staff_id")] public required string StaffId { get; init; }
    [JsonPropertyName("title")] public string? Title { get; init; }
    [JsonPropertyName("department")] public string? Department { get; init; }
    [JsonPropertyName("roles")] public IReadOnlyList<string>? Roles { get; init; }
    [JsonPropertyName("schools")] public required IReadOnlyList<string> Schools { get; init; }
    [JsonPropertyName("credentials")] public CleverCredentials? Credentials { get; init; }
    [JsonPropertyName("legacy_id")] public string? LegacyId { get; init; }
    [JsonPropertyName("ext")] public IReadOnlyDictionary<string, string>? Ext { get; init; }
}

public sealed record CleverDistrictAdminRole
{
    [JsonPropertyName("title")] public string? Title { get; init; }
    [JsonPropertyName("legacy_id")] public string? LegacyId { get; init; }
}

public sealed record CleverStudentRelationship(
    [property: JsonPropertyName("student")] string Student,
    [property: JsonPropertyName("relationship")] string? Relationship,
    [property: JsonPropertyName("type")] string? Type);

public sealed record CleverContactRole
{
    [JsonPropertyName("sis_id")] public string? SisId { get; init; }
    [JsonPropertyName("phone")] public string? Phone { get; init; }
    [JsonPropertyName("phone_type")] public string? PhoneType { get; init; }
    [JsonPropertyName("student_relationships")] public required IReadOnlyList<CleverStudentRelationship> StudentRelationships { get; init; }
    [JsonPropertyName("legacy_id")] public string? LegacyId { get; init; }
}
