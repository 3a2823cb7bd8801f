namespace Twig.Sandbox.Generation;

/// <summary>The roles a Clever v3 user can hold at once.</summary>
[Flags]
public enum UserRoles
{
    None = 0,
    Student = 1,
    Teacher = 2,
    Staff = 4,
    DistrictAdmin = 8,
    Contact = 16,
}

public static class UserRoleNames
{
    /// <summary>Parses Clever's <c>role</c> query value (student, teacher, staff, district_admin, contact).</summary>
    public static bool TryParse(string? value, out UserRoles role)
    {
        role = value switch
        {
            "student" => UserRoles.Student,
            "teacher" => UserRoles.Teacher,
            "staff" => UserRoles.Staff,
            "district_admin" => UserRoles.DistrictAdmin,
            "contact" => UserRoles.Contact,
            _ => UserRoles.None,
        };
        return role != UserRoles.None;
    }

    /// <summary>The kinds of generated people that can hold a role (staff includes some admins and teachers).</summary>
    internal static RecordKind[] KindsHolding(UserRoles role) => role switch
    {
        UserRoles.Student => [RecordKind.Student],
        UserRoles.Teacher => [RecordKind.Teacher],
        UserRoles.Staff => [RecordKind.DistrictAdmin, RecordKind.Staff, RecordKind.Teacher],
        UserRoles.DistrictAdmin => [RecordKind.DistrictAdmin],
        UserRoles.Contact => [RecordKind.Contact],
        _ => [RecordKind.DistrictAdmin, RecordKind.Staff, RecordKind.Teacher, RecordKind.Student, RecordKind.Contact],
    };
}
