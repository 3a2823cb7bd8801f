using System.Text.Json.Serialization;

namespace Twig.Web.Features.CleverSync.Clever;

// Only the fields Twig keeps (Clever Data API v3.0). Everything else in Clever's payloads — demographics,
// contacts' phone numbers, credentials — is never even deserialised.

public sealed record CleverPage<T>(
    [property: JsonPropertyName("data")] List<CleverItem<T>>? Data,
    [property: JsonPropertyName("links")] List<CleverLink>? Links);

public sealed record CleverItem<T>([property: JsonPropertyName("data")] T? Data);

public sealed record CleverLink(
    [property: JsonPropertyName("rel")] string? Rel,
    [property: JsonPropertyName("uri")] string? Uri);

public sealed record CleverSingle<T>([property: JsonPropertyName("data")] T? Data);

public sealed record CleverDistrictPayload(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name);

public sealed record CleverSchoolPayload(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("sis_id")] string? SisId,
    [property: JsonPropertyName("school_number")] string? SchoolNumber,
    [property: JsonPropertyName("low_grade")] string? LowGrade,
    [property: JsonPropertyName("high_grade")] string? HighGrade);

public sealed record CleverNamePayload(
    [property: JsonPropertyName("first")] string? First,
    [property: JsonPropertyName("middle")] string? Middle,
    [property: JsonPropertyName("last")] string? Last);

public sealed record CleverUserPayload(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("name")] CleverNamePayload? Name,
    [property: JsonPropertyName("roles")] CleverRolesPayload? Roles);

public sealed record CleverRolesPayload(
    [property: JsonPropertyName("student")] CleverRolePayload? Student,
    [property: JsonPropertyName("teacher")] CleverRolePayload? Teacher,
    [property: JsonPropertyName("staff")] CleverRolePayload? Staff,
    [property: JsonPropertyName("district_admin")] CleverRolePayload? DistrictAdmin,
    [property: JsonPropertyName("contact")] CleverRolePayload? Contact);

public sealed record CleverRolePayload(
    [property: JsonPropertyName("sis_id")] string? SisId,
    [property: JsonPropertyName("state_id")] string? StateId,
    [property: JsonPropertyName("student_number")] string? StudentNumber,
    [property: JsonPropertyName("grade")] string? Grade,
    [property: JsonPropertyName("school")] string? School,
    [property: JsonPropertyName("schools")] List<string>? Schools,
    // Staff (school admins) carry their SIS id as staff_id, not sis_id.
    [property: JsonPropertyName("staff_id")] string? StaffId);

public sealed record CleverSectionPayload(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("school")] string? School,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("sis_id")] string? SisId,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("grade")] string? Grade,
    [property: JsonPropertyName("period")] string? Period,
    [property: JsonPropertyName("teacher")] string? Teacher,
    [property: JsonPropertyName("teachers")] List<string>? Teachers,
    [property: JsonPropertyName("students")] List<string>? Students);

/// <summary>The token listing differs from Data API lists: its items are not wrapped in their own <c>data</c>.</summary>
public sealed record CleverTokenList(
    [property: JsonPropertyName("data")] List<CleverTokenPayload>? Data,
    [property: JsonPropertyName("links")] List<CleverLink>? Links);

public sealed record CleverTokenPayload(
    [property: JsonPropertyName("owner")] CleverTokenOwner? Owner,
    [property: JsonPropertyName("access_token")] string? AccessToken);

public sealed record CleverTokenOwner(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("id")] string? Id);

[JsonSerializable(typeof(CleverPage<CleverSchoolPayload>))]
[JsonSerializable(typeof(CleverPage<CleverUserPayload>))]
[JsonSerializable(typeof(CleverPage<CleverSectionPayload>))]
[JsonSerializable(typeof(CleverPage<CleverDistrictPayload>))]
[JsonSerializable(typeof(CleverTokenList))]
[JsonSerializable(typeof(CleverSingle<CleverDistrictPayload>))]
internal sealed partial class CleverJson : JsonSerializerContext;
