using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Twig.Sandbox.OneRoster;

/// <summary>
/// A deterministic OneRoster 1.1 bulk CSV package of any size, as a district's SIS would export it: one district org,
/// a school per 500 students, a class per 25 students (each student in four classes of their school, each class with one
/// primary teacher), a teacher per two classes, an administrator per school, plus a guardian per 20 students (which
/// Twig does not import). Used by the demo's OneRoster district and the <c>oneroster-100k</c> bench.
/// </summary>
public static class OneRosterPackageGenerator
{
    public const int StudentsPerSchool = 500;
    public const int StudentsPerClass = 25;
    public const int ClassesPerStudent = 4;

    public sealed record Shape(int Students, int Schools, int Classes, int Teachers, int Enrollments);

    public static Shape ShapeOf(int students)
    {
        var schools = Math.Max(1, (students + StudentsPerSchool - 1) / StudentsPerSchool);
        var classes = Math.Max(schools, students / StudentsPerClass);
        return new Shape(students, schools, classes, (classes + 1) / 2, students * ClassesPerStudent + classes);
    }

    /// <param name="prefix">Prefixes every sourcedId, so several generated districts never share an id.</param>
    public static byte[] Generate(int students, string prefix = "", string districtName = "Sandbox OneRoster District")
    {
        var shape = ShapeOf(students);
        var classSchool = new int[shape.Classes];
        for (var school = 0; school < shape.Schools; school++)
        {
            var (from, count) = ClassesOf(school, shape);
            for (var c = from; c < from + count && c < shape.Classes; c++) classSchool[c] = school;
        }
        var orgs = new StringBuilder("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n");
        orgs.Append(CultureInfo.InvariantCulture, $"{prefix}D,,,{districtName},district,,\r\n");
        for (var s = 0; s < shape.Schools; s++)
            orgs.Append(CultureInfo.InvariantCulture, $"{prefix}SCH{s:D4},,,{SchoolName(s)},school,{1000 + s},{prefix}D\r\n");

        var users = new StringBuilder(students * 120);
        users.Append("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName," +
            "identifier,email,sms,phone,agentSourcedIds,grades,password\r\n");
        for (var i = 0; i < students; i++)
        {
            var school = i / StudentsPerSchool % shape.Schools;
            var grade = (i % 6 + 1).ToString("D2", CultureInfo.InvariantCulture);
            users.Append(CultureInfo.InvariantCulture,
                $"{prefix}STU{i:D7},,,true,{prefix}SCH{school:D4},student,{prefix.ToLowerInvariant()}s{i:D7},,{First[i % First.Length]}," +
                    $"{Last[i / 7 % Last.Length]},,{200000 + i},{prefix.ToLowerInvariant()}s{i:D7}@students.example.org,,,,{grade},\r\n");
        }
        for (var t = 0; t < shape.Teachers; t++)
        {
            var school = classSchool[Math.Min(t * 2, shape.Classes - 1)];
            users.Append(CultureInfo.InvariantCulture,
                $"{prefix}TEA{t:D6},,,true,{prefix}SCH{school:D4},teacher,{prefix.ToLowerInvariant()}t{t:D6},," +
                    $"{First[(t + 3) % First.Length]},{Last[(t + 5) % Last.Length]},,," +
                    $"{prefix.ToLowerInvariant()}t{t:D6}@example.org,,,,,\r\n");
        }
        for (var s = 0; s < shape.Schools; s++)
            users.Append(CultureInfo.InvariantCulture,
                $"{prefix}ADM{s:D4},,,true,{prefix}SCH{s:D4},administrator,{prefix.ToLowerInvariant()}a{s:D4},," +
                    $"{First[(s + 7) % First.Length]},{Last[(s + 2) % Last.Length]},,," +
                    $"{prefix.ToLowerInvariant()}a{s:D4}@example.org,,,,,\r\n");
        for (var g = 0; g < students / 20; g++)
            users.Append(CultureInfo.InvariantCulture,
                $"{prefix}GUA{g:D6},,,true,{prefix}SCH{g * 20 / StudentsPerSchool % shape.Schools:D4},guardian,,," +
                    $"{First[g % First.Length]},{Last[(g + 1) % Last.Length]},,,,,,{prefix}STU{g * 20:D7},,\r\n");

        // A school's classes are a contiguous range; a student takes four consecutive classes of their school.
        var classes = new StringBuilder(shape.Classes * 90);
        classes.Append("sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId," +
            "termSourcedIds,subjects,subjectCodes,periods\r\n");
        for (var c = 0; c < shape.Classes; c++)
            classes.Append(CultureInfo.InvariantCulture,
                $"{prefix}CLS{c:D6},,,{Subjects[c % Subjects.Length]} " +
                    $"{c / Subjects.Length % 6 + 1}" +
                    $"{(char)('A' + c % 4)},{(c % 6 + 1):D2},,C{c:D6},scheduled,,{prefix}SCH{classSchool[c]:D4},{prefix}TERM," +
                        $"{Subjects[c % Subjects.Length].ToLowerInvariant()},,{c % 7 + 1}\r\n");

        var enrollments = new StringBuilder(shape.Enrollments * 70);
        enrollments.Append("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate," +
            "endDate\r\n");
        var e = 0;
        for (var c = 0; c < shape.Classes; c++)
            enrollments.Append(CultureInfo.InvariantCulture,
                $"{prefix}ENR{e++:D8},,,{prefix}CLS{c:D6},{prefix}SCH{classSchool[c]:D4},{prefix}TEA{c / 2:D6},teacher,true,,\r\n");
        for (var i = 0; i < students; i++)
        {
            var school = i / StudentsPerSchool % shape.Schools;
            var (first, count) = ClassesOf(school, shape);
            for (var k = 0; k < ClassesPerStudent; k++)
            {
                var c = first + (i + k * 7) % count;
                enrollments.Append(CultureInfo.InvariantCulture,
                    $"{prefix}ENR{e++:D8},,,{prefix}CLS{c:D6},{prefix}SCH{school:D4},{prefix}STU{i:D7},student,false,,\r\n");
            }
        }

        const string manifest = "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\n" +
            "file.academicSessions,absent\r\nfile.categories,absent\r\nfile.classes,bulk\r\nfile.classResources,absent\r\n" +
            "file.courses,absent\r\nfile.courseResources,absent\r\nfile.demographics,absent\r\nfile.enrollments,bulk\r\n" +
            "file.lineItems,absent\r\nfile.orgs,bulk\r\nfile.resources,absent\r\nfile.results,absent\r\nfile.users,bulk\r\n" +
            "source.systemName,Twig Sandbox SIS\r\nsource.systemCode,sandbox\r\n";
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
            Add("manifest.csv", manifest);
            Add("orgs.csv", orgs.ToString());
            Add("users.csv", users.ToString());
            Add("classes.csv", classes.ToString());
            Add("enrollments.csv", enrollments.ToString());
        }
        return buffer.ToArray();
    }

    private static (int First, int Count) ClassesOf(int school, Shape shape)
    {
        var first = (int)((long)school * shape.Classes / shape.Schools);
        var next = (int)((long)(school + 1) * shape.Classes / shape.Schools);
        return (first, Math.Max(1, next - first));
    }

    private static string SchoolName(int s) =>
        $"{Places[s % Places.Length]} " +
        $"{(s / Places.Length == 0 ? "" : (s / Places.Length + 1).ToString(CultureInfo.InvariantCulture) + " ")}" +
        $"{(s % 3) switch { 0 => "Elementary", 1 => "Middle", _ => "High" }}";

    private static readonly string[] Places =
        ["Cedar", "Birch", "Willow", "Aspen", "Juniper", "Alder", "Hawthorn", "Linden", "Spruce", "Magnolia"];
    private static readonly string[] Subjects = ["Science", "Math", "Reading", "History", "Art", "Music"];
    private static readonly string[] First =
        ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Niklaus", "Radia", "Tim", "Zoë"];
    private static readonly string[] Last = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson",
        "Hamilton", "Wirth", "Perlman", "O'Neil", "García", "Nguyễn"];
}
