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
        ["Caucasian", "Asian", "Black or African American", "American Indian", "Hawaiian or Other Pacific Islander", "Two or More Races", "Unknown", ""];

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
            DistrictContact = new CleverDistrictContact(IdOf(adminOrdinal), DistrictId, adminName, EmailOf(adminOrdinal, adminName), "Superintendent"),
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
            Location = k % 6 == 5 ? null : new CleverLocation($"{100 + Pick(ordinal, 4, 9000)} {stems[k % stems.Length]} Ave", "Springfield", "CA", $"9{Pick(ordinal, 5, 10000):D4}"),
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
            Teacher = teacherIds.Length > 0 ? teacherIds[0] : null,
            Teachers = teacherIds,
            Students = StudentOrdinalsOfSection(j).Select(IdOf).ToArray(),
            TermId = IdOf(layout.OrdinalOf(RecordKind.Term, period % DistrictLayout.TermCount)),
            Course = IdOf(layout.OrdinalOf(RecordKind.Course, courseIndex)),
            Ext = new Dictionary<string, string>
            {
                ["room"] = $"{(char)('A' + period % 4)}{100 + group + 10 * (school % 9)}",
                ["sis_course_code"] = $"{new string(NameLists.CourseSubjects[subject].Where(char.IsLetter).Take(3).ToArray()).ToUpperInvariant()}{band}{period + 1:D2}",
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
                    ? new CleverDistrictAdminRole { Title = ordinal % 2 == 0 ? "Superintendent" : "Director of Technology", LegacyId = LegacyId(ordinal) }
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

    private CleverStudentRole StudentRole(long ordinal, CleverName name)
    {
        var schools = SchoolIndexesOf(ordinal, RecordKind.Student);
        var schoolIds = schools.Select(s => IdOf(layout.OrdinalOf(RecordKind.School, s))).ToArray();
        var grades = GradesByBand[DistrictLayout.BandOf(schools[0])];
        var gradeIndex = ordinal < layout.BaseEnd
            ? LocalIndexInSchool(ordinal, schools[0]) * grades.Length / layout.StudentsIn(schools[0])
            : Pick(ordinal, 20, grades.Length);
        var grade = grades[gradeIndex];
        var gradeNumber = grade == "Kindergarten" ? 0 : int.Parse(grade, CultureInfo.InvariantCulture);
        var sis = (1_000_000 + ordinal).ToString(CultureInfo.InvariantCulture);
        var h = Hash(ordinal, 21);
        return new CleverStudentRole
        {
            SisId = sis,
            StudentNumber = h % 20 == 0 ? null : sis,
            StateId = h % 7 == 0 ? null : $"{Seed % 1000:D3}{ordinal:D9}",
            School = schoolIds[0],
            Schools = schoolIds,
            Grade = h % 50 == 1 ? null : grade,
            GraduationYear = (2026 + 12 - gradeNumber).ToString(CultureInfo.InvariantCulture),
            Dob = h % 11 == 0 ? null : $"{1 + (int)((h >> 8) % 12)}/{1 + (int)((h >> 16) % 28)}/{2026 - 6 - gradeNumber}",
            Gender = ((h >> 24) % 10) switch { 0 => "X", 1 => "", < 6 => "F", _ => "M" },
            Race = h % 13 == 0 ? null : Races[(int)((h >> 32) % (ulong)Races.Length)],
            HispanicEthnicity = (h >> 40) % 3 == 0 ? "Y" : "N",
            EllStatus = h % 17 == 0 ? null : (h >> 44) % 6 == 0 ? "Y" : "N",
            Enrollments = schoolIds.Select(id => new CleverEnrollment(id, "2025-08-18T00:00:00.000Z")).ToArray(),
            Credentials = new CleverCredentials(Username(name, ordinal)),
            Location = h % 9 == 4 ? null : new CleverLocation($"{100 + (int)((h >> 12) % 9000)} {NameLists.SchoolNameStems[(int)((h >> 20) % (ulong)NameLists.SchoolNameStems.Length)]} St",
                "Springfield", "CA", $"9{(h >> 28) % 10000:D4}")
            {
                Lat = h % 3 == 0 ? null : (37.70 + (double)((h >> 36) % 1000) / 10000).ToString("0.0000", CultureInfo.InvariantCulture),
                Lon = h % 3 == 0 ? null : (-122.50 + (double)((h >> 46) % 1000) / 10000).ToString("0.0000", CultureInfo.InvariantCulture),
            },
            Ext = new Dictionary<string, string>
            {
                ["homeroom"] = $"{100 + (int)((h >> 4) % 40)}",
                ["house"] = Houses[(int)((h >> 52) % (ulong)Houses.Length)],
            },
        };
    }

    private static readonly string[] Regions = ["North", "South", "East", "West"];
    private static readonly string[] Houses = ["Cedar", "Maple", "Oak", "Willow"];

    private CleverTeacherRole TeacherRole(long ordinal, CleverName name)
    {
        var schools = SchoolIndexesOf(ordinal, RecordKind.Teacher);
        var schoolIds = schools.Select(s => IdOf(layout.OrdinalOf(RecordKind.School, s))).ToArray();
        var h = Hash(ordinal, 22);
        return new CleverTeacherRole
        {
            SisId = "T" + (10_000 + ordinal).ToString(CultureInfo.InvariantCulture),
            TeacherNumber = h % 9 == 0 ? null : (500_000 + ordinal).ToString(CultureInfo.InvariantCulture),
            StateId = h % 5 == 0 ? null : $"{100_000_000 + ordinal}",
            School = schoolIds[0],
            Schools = schoolIds,
            Title = h % 4 == 0 ? null : $"{BandNames[DistrictLayout.BandOf(schools[0])]} School Teacher",
            Credentials = new CleverCredentials(Username(name, ordinal)),
            LegacyId = LegacyId(ordinal),
            Ext = new Dictionary<string, string> { ["employee_type"] = "Certified", ["fte"] = h % 10 == 0 ? "0.5" : "1.0" },
        };
    }

    private CleverStaffRole StaffRole(long ordinal, RecordKind kind, CleverName name)
    {
        var schools = SchoolIndexesOf(ordinal, kind);
        var index = ordinal - layout.StartOf(kind);
        var title = kind switch
        {
            RecordKind.Staff => index % 2 == 0 ? "Principal" : "Assistant Principal",
            RecordKind.Teacher => "Teacher Leader",
            _ => "District Office",
        };
        return new CleverStaffRole
        {
            StaffId = "A" + (20_000 + ordinal).ToString(CultureInfo.InvariantCulture),
            Title = title,
            Department = kind == RecordKind.Staff && index % 3 == 2 ? null : "Administration",
            Roles = ["School Admin"],
            Schools = schools.Select(s => IdOf(layout.OrdinalOf(RecordKind.School, s))).ToArray(),
            Credentials = new CleverCredentials(Username(name, ordinal)),
            LegacyId = LegacyId(ordinal),
            Ext = new Dictionary<string, string> { ["employee_type"] = "Administrator", ["office"] = kind == RecordKind.Staff ? "Main Office" : "District Office" },
        };
    }

    private CleverContactRole ContactRole(long ordinal)
    {
        var h = Hash(ordinal, 23);
        var students = StudentOrdinalsOfContact(ordinal);
        return new CleverContactRole
        {
            SisId = h % 6 == 0 ? null : "P" + (30_000 + ordinal).ToString(CultureInfo.InvariantCulture),
            Phone = h % 4 == 0 ? null : $"(555) 01{h % 10}-{(h >> 8) % 10000:D4}",
            PhoneType = h % 4 == 0 ? null : ((h >> 20) % 4) switch { 0 => "Cell", 1 => "Home", 2 => "Work", _ => "Other" },
            StudentRelationships = students
                .Select(s => new CleverStudentRelationship(IdOf(s), (h >> 30) % 5 == 0 ? "Grandparent" : "Parent", "Parent/Guardian"))
                .ToArray(),
            LegacyId = LegacyId(ordinal),
        };
    }

    /// <summary>
    /// A person's name. Overnight renames swap the last name. A few students deliberately miss a
    /// mandatory field (no last name, or an empty first name), as real rosters do.
    /// </summary>
    internal CleverName NameOf(long ordinal, RecordKind kind)
    {
        var h = Hash(ordinal, 30);
        var revision = overrides.NameRevision(ordinal);
        var first = NameLists.FirstNames[(int)(h % (ulong)NameLists.FirstNames.Length)];
        var middle = (h >> 20) % 3 == 0 ? NameLists.MiddleNames[(int)((h >> 24) % (ulong)NameLists.MiddleNames.Length)] : null;
        var last = NameLists.LastNames[(int)(((h >> 32) + (ulong)revision * 7) % (ulong)NameLists.LastNames.Length)];
        if (kind == RecordKind.Student)
        {
            var lastStudent = layout.Students >= 50 && ordinal == layout.StartOf(RecordKind.Student) + layout.Students - 1;
            if (lastStudent || h % 1000 == 7) last = null;
            else if (h % 1000 == 8) first = "";
        }
        return new CleverName(first, middle, last);
    }

    private string? EmailOf(long ordinal, CleverName name, RecordKind kind = RecordKind.Staff)
    {
        var h = Hash(ordinal, 31);
        // Young students and some parents have no address; a few staff addresses are not normalised.
        if (kind == RecordKind.Student && h % 10 < 3) return null;
        if (kind == RecordKind.Contact && h % 5 == 0) return null;
        var revision = overrides.EmailRevision(ordinal);
        var local = Ascii(name.First) + "." + Ascii(name.Last) + (revision > 0 ? revision.ToString(CultureInfo.InvariantCulture) : "") + (ordinal % 1000).ToString(CultureInfo.InvariantCulture);
        var email = local + "@" + emailDomain;
        return kind == RecordKind.Teacher && h % 17 == 0 ? email.ToUpperInvariant() : email;
    }

    private static string Username(CleverName name, long ordinal) => Ascii(name.First) + Ascii(name.Last) + ordinal.ToString(CultureInfo.InvariantCulture);

    /// <summary>Names come from small lists, so their ASCII folding is computed once per distinct name.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> AsciiCache = new(StringComparer.Ordinal);

    private static string Ascii(string? text) =>
        string.IsNullOrEmpty(text) ? "x" : AsciiCache.GetOrAdd(text, FoldToAscii);

    private static string FoldToAscii(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
            else if (c is 'ł' or 'Ł') builder.Append('l');
            else if (c is 'ø' or 'Ø') builder.Append('o');
            else if (c is 'đ' or 'Đ') builder.Append('d');
            else if (c is 'ß') builder.Append("ss");
        }
        return builder.Length == 0 ? "x" : builder.ToString();
    }
}
