using Twig.Web.Domain;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// Which administrator a package's administrator is: of the district (sees every school) or of their schools. The
/// district's when 1.2 names them districtAdministrator, or when every org they belong to is the district org; a school's
/// otherwise. Twig keeps roles, not the package's rows, so a role taken away takes either kind away, and a delta that
/// names no school for a district administrator (it may not send orgs.csv, so the district org is unknown to it) leaves
/// them the district's.
/// </summary>
public static class AdministratorScope
{
    private const PersonRoles Either = PersonRoles.SchoolAdmin | PersonRoles.DistrictAdmin;

    /// <summary>The roles of someone whose every org is a live district org.</summary>
    public static PersonRoles OfTheDistrict(PersonRoles roles) =>
        roles.HasFlag(PersonRoles.SchoolAdmin) ? roles & ~PersonRoles.SchoolAdmin | PersonRoles.DistrictAdmin : roles;

    /// <summary>What removing a role takes away: an administrator role either kind of administrator.</summary>
    public static PersonRoles Removed(PersonRoles role) => (role & Either) != 0 ? role | Either : role;

    /// <summary>The roles a person's row gives, keeping a district administrator the row links to no school.</summary>
    public static PersonRoles Kept(PersonRoles planned, PersonRoles held, bool linkedToSchool) =>
        !linkedToSchool && held.HasFlag(PersonRoles.DistrictAdmin) ? OfTheDistrict(planned) : planned;
}
