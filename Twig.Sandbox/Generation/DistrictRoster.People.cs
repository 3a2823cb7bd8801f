using System.Globalization;
using System.Text;
using Twig.Sandbox.Model;

namespace Twig.Sandbox.Generation;

// Builds the role, name and contact details of one person from (seed, ordinal).
public sealed partial class DistrictRoster
{
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
            Location = h % 9 == 4 ? null
                : new CleverLocation($"{100 + (int)((h >> 12) % 9000)} " +
                $"{NameLists.SchoolNameStems[(int)((h >> 20) % (ulong)NameLists.SchoolNameStems.Length)]} St",
                "Springfield", "CA", $"9{(h >> 28) % 10000:D4}")
                {
                    Lat = h % 3 == 0 ? null : (37.70 + (double)((h >> 36) % 1000) / 10000).ToString("0.0000", CultureInfo.InvariantCulture),
                    Lon = h % 3 == 0 ? null : (-122.50 + (double)((h >> 46) % 1000) / 10000)
                        .ToString("0.0000", CultureInfo.InvariantCulture),
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
            Ext = new Dictionary<string, string>
            {
                ["employee_type"] = "Administrator",
                ["office"] = kind == RecordKind.Staff ? "Main Office" : "District Office"
            },
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
        var local = Ascii(name.First) + "." + Ascii(name.Last) + (revision > 0 ? revision.ToString(CultureInfo.InvariantCulture) : "") +
            (ordinal % 1000).ToString(CultureInfo.InvariantCulture);
        var email = local + "@" + emailDomain;
        return kind == RecordKind.Teacher && h % 17 == 0 ? email.ToUpperInvariant() : email;
    }

    private static string Username(CleverName name, long ordinal) => Ascii(name.First) + Ascii(name.Last) +
        ordinal.ToString(CultureInfo.InvariantCulture);

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
