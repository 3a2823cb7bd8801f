using System.Globalization;
using System.Text;
using Twig.Sandbox.Model;

namespace Twig.Sandbox.Generation;

// Builds the payload of one record from (seed, ordinal) and the overrides.
public sealed partial class DistrictRoster
{
    private static readonly DateTime CreationEpoch = new(2020, 7, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[][] GradesByBand =
    [
        ["Kindergarten", "1", "2", "3", "4", "5"],
        ["6", "7", "8"],
        ["9", "10", "11", "12"],
    ];

    private static readonly string[] BandNames = ["Elementary", "Middle", "High"];
    private static readonly string[] Races =
        ["Caucasian", "Asian", "Black or African American", "American Indian", "Hawaiian or Other Pacific Islander", "Two or More Races",
            "Unknown", ""];

    private int Seed => layout.Seed;
    private ulong Hash(long ordinal, int purpose) => DeterministicHash.Of(Seed, ordinal, purpose);
    private int Pick(long ordinal, int purpose, int bound) => DeterministicHash.Pick(Seed, ordinal, purpose, bound);

    private static string Timestamp(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string CreatedAt(long ordinal) => Timestamp(CreationEpoch.AddSeconds(ordinal * 2));

    private string ModifiedAt(long ordinal) =>
        overrides.ModifiedAt(ordinal) is { } at
            ? Timestamp(at.UtcDateTime)
            : Timestamp(CreationEpoch.AddSeconds(ordinal * 2 + Pick(ordinal, 90, 86_400)));

    private string LegacyId(long ordinal) => Hash(ordinal, 91).ToString("x16", CultureInfo.InvariantCulture) + "a7e5a647";

    public CleverDistrict District()
    {
        var adminOrdinal = layout.StartOf(RecordKind.DistrictAdmin);
        var adminName = NameOf(adminOrdinal, RecordKind.DistrictAdmin);
        return Built(new CleverDistrict
        {
            Id = DistrictId,
            Name = DistrictName,
            PortalUrl = "https://clever.com/in/" + Slug(DistrictName),
            LaunchDate = "2020-08-01",
            LoginMethods = ["Clever Badges", "Clever Passwords", "Google"],
            SisType = "sftp",
            State = "success",
            Error = "",
            LastSync = Timestamp(CreationEpoch.AddDays(400)),
            NcesId = (600000 + Seed % 100000).ToString(CultureInfo.InvariantCulture),
            DistrictContact =
                new CleverDistrictContact(IdOf(adminOrdinal), DistrictId, adminName, EmailOf(adminOrdinal, adminName), "Superintendent"),
        });
    }

    internal CleverSchool BuildSchool(long ordinal)
    {
        var k = (int)(ordinal - layout.StartOf(RecordKind.School));
        var band = DistrictLayout.BandOf(k);
        var stems = NameLists.SchoolNameStems;
        var round = k / stems.Length;
        var name = $"{stems[(k + Seed) % stems.Length]} {BandNames[band]} School" + (round > 0 ? $" {round + 1}" : "");
        var grades = GradesByBand[band];
        var principalOrdinal = layout.OrdinalOf(RecordKind.Staff, 2 * k);
        var principal = NameOf(principalOrdinal, RecordKind.Staff);
        return Built(new CleverSchool
        {
            Id = IdOf(ordinal),
            District = DistrictId,
            Name = name,
            SisId = (100 + k).ToString(CultureInfo.InvariantCulture),
            SchoolNumber = (1000 + k).ToString(CultureInfo.InvariantCulture),
            StateId = k % 5 == 4 ? null : $"ST{Seed % 1000:D3}{k:D5}",
            NcesId = k % 3 == 2 ? null : (60000000000L + Seed % 10000 * 100000L + k).ToString(CultureInfo.InvariantCulture),
            LowGrade = grades[0],
            HighGrade = grades[^1],
            Phone = k % 4 == 3 ? null : $"(555) {200 + k % 800:D3}-{Pick(ordinal, 3, 10000):D4}",
            Location = k % 6 == 5 ? null : new CleverLocation($"{100 + Pick(ordinal, 4, 9000)} {stems[k % stems.Length]} Ave",
                "Springfield", "CA", $"9{Pick(ordinal, 5, 10000):D4}"),
            Principal = new CleverPrincipal(principal.First + " " + principal.Last, EmailOf(principalOrdinal, principal)),
            Ext = new Dictionary<string, string>
            {
                ["school_type"] = band == 2 ? "High School" : band == 1 ? "Middle School" : "Elementary School",
                ["title_i"] = k % 3 == 0 ? "Y" : "N",
                ["region"] = Regions[k % Regions.Length],
            },
            Created = CreatedAt(ordinal),
            LastModified = ModifiedAt(ordinal),
        });
    }

    internal CleverTerm BuildTerm(long ordinal)
    {
        var t = (int)(ordinal - layout.StartOf(RecordKind.Term));
        return Built(new CleverTerm
        {
            Id = IdOf(ordinal),
            District = DistrictId,
            Name = t == 0 ? "2025-2026 Fall" : "2025-2026 Spring",
            StartDate = t == 0 ? "2025-08-18" : "2026-01-05",
            EndDate = t == 0 ? "2025-12-19" : "2026-06-12",
        });
    }

    internal CleverCourse BuildCourse(long ordinal)
    {
        var c = (int)(ordinal - layout.StartOf(RecordKind.Course));
        var subjects = NameLists.CourseNames.Length;
        return Built(new CleverCourse
        {
            Id = IdOf(ordinal),
            District = DistrictId,
            Name = $"{NameLists.CourseNames[c % subjects]} {BandNames[c / subjects]}",
            Number = c % 7 == 6 ? null : $"C{c + 100:D4}",
        });
    }

    internal CleverSection BuildSection(long ordinal)
    {
        var j = (int)(ordinal - layout.StartOf(RecordKind.Section));
        var school = layout.SchoolOfSection(j);
        var (period, group) = layout.PeriodAndGroupOf(j);
        var band = DistrictLayout.BandOf(school);
        var subject = (period + school) % NameLists.CourseSubjects.Length;
        var courseIndex = band * NameLists.CourseSubjects.Length + subject;
        var teachers = TeacherOrdinalsOfSection(j);
        var teacherIds = teachers.Select(IdOf).ToArray();
        var grades = GradesByBand[band];
        var grade = grades[group * grades.Length / layout.GroupsIn(school)];
        var teacherLast = teachers.Length > 0 ? NameOf(teachers[0], RecordKind.Teacher).Last ?? "Staff" : "Staff";
        var membershipChange = overrides.SectionMembershipModifiedAt(j);
        return Built(new CleverSection
        {
            Id = IdOf(ordinal),
            District = DistrictId,
            School = IdOf(layout.OrdinalOf(RecordKind.School, school)),
            Name = $"{NameLists.CourseNames[subject]} {BandNames[band]} - {teacherLast} - {period + 1}",
            SisId = $"{school + 100}-{period + 1}-{group + 1}",
            Subject = NameLists.CourseSubjects[subject],
            Grade = j % 9 == 8 ? null : grade,
            Period = (period + 1).ToString(CultureInfo.InvariantCulture),
            SectionNumber = j % 5 == 4 ? null : (group + 1).ToString(CultureInfo.InvariantCulture),
            Teacher = teacherIds.Length > 1 && overrides.PrimarySwapped(j) ? teacherIds[1] : teacherIds.Length > 0 ? teacherIds[0] : null,
            Teachers = teacherIds,
            Students = StudentOrdinalsOfSection(j).Select(IdOf).ToArray(),
            TermId = IdOf(layout.OrdinalOf(RecordKind.Term, period % DistrictLayout.TermCount)),
            Course = IdOf(layout.OrdinalOf(RecordKind.Course, courseIndex)),
            Ext = new Dictionary<string, string>
            {
                ["room"] = $"{(char)('A' + period % 4)}{100 + group + 10 * (school % 9)}",
                ["sis_course_code"] =
                    $"{new string(NameLists.CourseSubjects[subject].Where(char.IsLetter).Take(3).ToArray()).ToUpperInvariant()}" +
                    $"{band}{period + 1:D2}",
            },
            Created = CreatedAt(ordinal),
            LastModified = membershipChange is { } at ? Timestamp(at.UtcDateTime) : ModifiedAt(ordinal),
        });
    }

    internal CleverUser BuildUser(long ordinal, RecordKind kind)
    {
        var name = NameOf(ordinal, kind);
        var roles = RolesOf(ordinal, kind);
        var user = Built(new CleverUser
        {
            Id = IdOf(ordinal),
            District = DistrictId,
            Email = EmailOf(ordinal, name, kind),
            Name = name,
            Created = CreatedAt(ordinal),
            LastModified = ModifiedAt(ordinal),
            Roles = new CleverRoles
            {
                Student = roles.HasFlag(UserRoles.Student) ? StudentRole(ordinal, name) : null,
                Teacher = roles.HasFlag(UserRoles.Teacher) ? TeacherRole(ordinal, name) : null,
                Staff = roles.HasFlag(UserRoles.Staff) ? StaffRole(ordinal, kind, name) : null,
                DistrictAdmin = roles.HasFlag(UserRoles.DistrictAdmin)
                    ? new CleverDistrictAdminRole
                    {
                        Title = ordinal % 2 == 0 ? "Superintendent" : "Director of Technology",
                        LegacyId = LegacyId(ordinal)
                    }
                    : null,
                Contact = roles.HasFlag(UserRoles.Contact) ? ContactRole(ordinal) : null,
            },
        });
        return overrides.IsStretched(ordinal) ? Stretched(user) : user;
    }

    /// <summary>See <see cref="Changes.DistrictChanges.StretchFields"/>: the same person with over-long fields.</summary>
    private static CleverUser Stretched(CleverUser user)
    {
        var filler = new string('x', 1000);
        return user with
        {
            Name = user.Name with { First = user.Name.First + filler, Middle = filler },
            Email = filler + "@example.org",
            Roles = user.Roles with
            {
                Student = user.Roles.Student is { } student ? student with { SisId = filler } : null,
                Teacher = user.Roles.Teacher is { } teacher ? teacher with { SisId = filler } : null,
            },
        };
    }
}
