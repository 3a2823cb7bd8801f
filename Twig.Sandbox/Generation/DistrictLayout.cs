namespace Twig.Sandbox.Generation;

/// <summary>
/// The fixed arithmetic shape of a generated district: how many records of each kind, which ordinal
/// range each kind occupies, and which school/section every student and teacher belongs to.
/// Only a few arrays of size "number of schools" are kept; everything else is computed on demand.
/// </summary>
internal sealed class DistrictLayout
{
    /// <summary>Every student sits in one section per period.</summary>
    public const int Periods = 4;
    public const int TermCount = 2;
    public const int GradeBands = 3;

    public int Seed { get; }
    public int Schools { get; }
    public int Courses => GradeBands * NameLists.CourseSubjects.Length;
    public int DistrictAdmins { get; }
    public int Staff { get; }
    public int Teachers { get; }
    public int Students { get; }
    public int Contacts { get; }
    public int Sections { get; }

    /// <summary>First ordinal of each kind, indexed by <see cref="RecordKind"/>; the last entry is the end.</summary>
    private readonly long[] kindStart;

    private readonly int[] schoolStudentStart;
    private readonly int[] schoolTeacherStart;
    private readonly int[] schoolGroups;
    private readonly int[] schoolSectionStart;

    /// <summary>Students per contact: contact c is the parent of student c * StudentsPerContact.</summary>
    public int StudentsPerContact { get; }

    public DistrictLayout(int seed, int students, int? teachers, int? schools)
    {
        Seed = seed;
        Students = Math.Clamp(students, 1, 2_000_000);
        Schools = Math.Clamp(schools ?? Math.Max(1, Math.Min(1000, Students / 200)), 1, Students);
        Teachers = Math.Max(teachers ?? Math.Max(2, Students / 20), Schools);
        Staff = 2 * Schools;
        DistrictAdmins = 2 + Students / 100_000;
        Contacts = Math.Min(Students, Math.Max(3, Students / 25));
        StudentsPerContact = Math.Max(1, Students / Contacts);

        schoolStudentStart = Split(Students, Schools);
        schoolTeacherStart = Split(Teachers, Schools);
        schoolGroups = new int[Schools];
        schoolSectionStart = new int[Schools + 1];
        for (var k = 0; k < Schools; k++)
        {
            schoolGroups[k] = GroupsFor(schoolStudentStart[k + 1] - schoolStudentStart[k]);
            schoolSectionStart[k + 1] = schoolSectionStart[k] + Periods * schoolGroups[k];
        }
        Sections = schoolSectionStart[Schools];

        int[] counts = [Schools, TermCount, Courses, DistrictAdmins, Staff, Teachers, Students, Contacts, Sections];
        kindStart = new long[counts.Length + 1];
        for (var i = 0; i < counts.Length; i++) kindStart[i + 1] = kindStart[i] + counts[i];
    }

    public long BaseEnd => kindStart[^1];

    public long StartOf(RecordKind kind) => kindStart[(int)kind];

    public int CountOf(RecordKind kind) => (int)(kindStart[(int)kind + 1] - kindStart[(int)kind]);

    public long OrdinalOf(RecordKind kind, int index) => kindStart[(int)kind] + index;

    /// <summary>Kind and index within the kind of a base (not overnight-added) ordinal.</summary>
    public (RecordKind Kind, int Index) Locate(long ordinal)
    {
        for (var i = 0; i < kindStart.Length - 1; i++)
        {
            if (ordinal < kindStart[i + 1]) return ((RecordKind)i, (int)(ordinal - kindStart[i]));
        }
        throw new ArgumentOutOfRangeException(nameof(ordinal));
    }

    public int SchoolOfStudent(int student) => Owner(schoolStudentStart, student);
    public int SchoolOfTeacher(int teacher) => Owner(schoolTeacherStart, teacher);
    public int SchoolOfStaff(int staff) => staff / 2;
    public int SchoolOfSection(int section) => Owner(schoolSectionStart, section);

    public int StudentsIn(int school) => schoolStudentStart[school + 1] - schoolStudentStart[school];
    public int FirstStudentOf(int school) => schoolStudentStart[school];
    public int TeachersIn(int school) => schoolTeacherStart[school + 1] - schoolTeacherStart[school];
    public int FirstTeacherOf(int school) => schoolTeacherStart[school];
    public int GroupsIn(int school) => schoolGroups[school];
    public int FirstSectionOf(int school) => schoolSectionStart[school];
    public int SectionsIn(int school) => schoolSectionStart[school + 1] - schoolSectionStart[school];

    /// <summary>Band 0 elementary (K-5), 1 middle (6-8), 2 high (9-12).</summary>
    public static int BandOf(int school) => school % GradeBands;

    /// <summary>The section a student of this school sits in for a period (base membership).</summary>
    public int SectionOfStudent(int student, int period)
    {
        var school = SchoolOfStudent(student);
        var n = StudentsIn(school);
        var local = student - FirstStudentOf(school);
        var rotated = (local + (long)period * Shift(n)) % n;
        var group = (int)(rotated * GroupsIn(school) / n);
        return FirstSectionOf(school) + period * GroupsIn(school) + group;
    }

    /// <summary>The students of a section (base membership), computed by inverting <see cref="SectionOfStudent"/>.</summary>
    public IEnumerable<int> StudentsOfSection(int section)
    {
        var school = SchoolOfSection(section);
        var local = section - FirstSectionOf(school);
        var groups = GroupsIn(school);
        var (period, group) = (local / groups, local % groups);
        var n = StudentsIn(school);
        var from = CeilDiv((long)group * n, groups);
        var to = CeilDiv((long)(group + 1) * n, groups);
        var shift = (long)period * Shift(n) % n;
        var first = FirstStudentOf(school);
        var members = new List<int>((int)(to - from));
        for (var q = from; q < to; q++) members.Add(first + (int)((q - shift + n) % n));
        members.Sort();
        return members;
    }

    public (int Period, int Group) PeriodAndGroupOf(int section)
    {
        var school = SchoolOfSection(section);
        var local = section - FirstSectionOf(school);
        return (local / GroupsIn(school), local % GroupsIn(school));
    }

    /// <summary>One to three teachers, all from the section's school; the first is the primary teacher.</summary>
    public int[] TeachersOfSection(int section)
    {
        var school = SchoolOfSection(section);
        var local = section - FirstSectionOf(school);
        var teachersHere = TeachersIn(school);
        var roll = DeterministicHash.Pick(Seed, OrdinalOf(RecordKind.Section, section), 7, 20);
        var count = Math.Min(teachersHere, roll == 0 ? 3 : roll < 3 ? 2 : 1);
        var result = new int[count];
        for (var i = 0; i < count; i++) result[i] = FirstTeacherOf(school) + (local + i) % teachersHere;
        return result;
    }

    private static int Shift(int n) => n / (Periods + 1) + 1;

    private static int GroupsFor(int students)
    {
        // Sections of 15-35 students, about 25 on average; tiny schools get a single small section.
        var byAverage = Math.Min((int)Math.Round(students / 25.0), students / 15);
        return Math.Max(1, Math.Max(CeilDiv(students, 35), byAverage));
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    private static int[] Split(int total, int parts)
    {
        var starts = new int[parts + 1];
        for (var k = 0; k <= parts; k++) starts[k] = (int)((long)total * k / parts);
        return starts;
    }

    private static int Owner(int[] starts, int index)
    {
        var position = Array.BinarySearch(starts, index);
        if (position >= 0)
        {
            // Empty blocks share a start: take the last block starting here.
            while (position + 1 < starts.Length - 1 && starts[position + 1] == index) position++;
            return position;
        }
        return ~position - 1;
    }
}
