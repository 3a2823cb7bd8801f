using Microsoft.AspNetCore.Identity;

namespace Twig.Web.Domain;

/// <summary>A local Twig account: a district owner or a member of Twig's staff.</summary>
public class TwigUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The district a <see cref="TwigRoles.DistrictOwner"/> owns; null for staff.</summary>
    public int? DistrictId { get; set; }
    public District? District { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Set when support chose the password (a one-time password): the account changes it before anything else.</summary>
    public bool MustChangePassword { get; set; }
    /// <summary>The 30-second time-step of the last authenticator code accepted: older and equal steps are refused (single use).</summary>
    public long? LastAuthenticatorStep { get; set; }
}

public static class TwigRoles
{
    public const string DistrictOwner = nameof(DistrictOwner);
    public const string Support = nameof(Support);
    public const string SupportAdmin = nameof(SupportAdmin);

    // Rostered people signed in through Clever, Google or a district username.
    public const string Student = nameof(Student);
    public const string Teacher = nameof(Teacher);
    public const string SchoolAdmin = nameof(SchoolAdmin);
    public const string DistrictAdmin = nameof(DistrictAdmin);

    public static readonly string[] LocalAccountRoles = [DistrictOwner, Support, SupportAdmin];
    public static readonly string[] Staff = [Support, SupportAdmin];
}
