using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>How classes.csv meets the rest of a Twig CSV upload: which people and schools its rows are checked against.</summary>
public static class CsvClasses
{
    /// <summary>
    /// With users.csv in the same upload, the people of that file (every one of them is active once it is applied) and the
    /// schools it creates; alone, the district's active CSV people and active schools.
    /// </summary>
    public static ClassPlanInput Input(DistrictState district, ClassState existing, ParsedFile? users, ImportPlan? usersPlan)
    {
        var people = new Dictionary<string, PersonRoles>(StringComparer.Ordinal);
        if (users is not null)
            foreach (var person in users.People) people[person.UserId] = person.Role;
        else
            foreach (var person in district.CsvPeople.Values)
                if (person.IsActive) people[person.ExternalId] = person.Roles;
        var newSchools = new HashSet<string>(StringComparer.Ordinal);
        if (usersPlan is not null)
            foreach (var name in usersPlan.NewSchools) newSchools.Add(RosterFields.Normalize(name));
        return new ClassPlanInput
        {
            Existing = existing,
            People = people,
            Schools = district.Schools,
            NewSchools = newSchools,
            SchoolKey = RosterFields.Normalize,
            FileName = ClassesCsv.FileName,
            PeopleFileName = users is null ? "users.csv (as last imported)" : "the users.csv uploaded with it",
            SchoolColumn = ClassesCsv.SchoolName,
            TeacherColumn = ClassesCsv.TeacherIds,
            StudentColumn = ClassesCsv.StudentIds,
        };
    }
}
