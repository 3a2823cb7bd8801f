using System.IO.Compression;
using System.Text;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>OneRoster packages built in the test: a small district in 1.1 and 1.2 form, and a zip of any entries.</summary>
public static class Packages
{
    public static byte[] Zip(params (string Name, string Text)[] entries) =>
        ZipBytes(entries.Select(e => (e.Name, Encoding.UTF8.GetBytes(e.Text))).ToArray());

    public static byte[] ZipBytes(params (string Name, byte[] Content)[] entries)
    {
        var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(content);
            }
        return buffer.ToArray();
    }

    /// <summary>The header row of one of the files below (for delta files of a few rows).</summary>
    public static string HeaderOf(string file) => file[..(file.IndexOf('\n') + 1)];

    public static readonly string EnrollmentsHeader = HeaderOf(Enrollments11);

    public static readonly string RolesHeader = HeaderOf(Roles12);

    /// <summary>A 1.1 package whose files are all deltas.</summary>
    public static byte[] Delta11Of(params (string File, string Text)[] files) => Zip(
        [("manifest.csv", Manifest("1.1", files.Select(f => (f.File[..^4], "delta")).ToArray())), .. files]);

    /// <summary>A 1.2 package: each file with its manifest mode, and its text unless it is absent.</summary>
    public static byte[] Package12(params (string File, string Mode, string? Text)[] files) => Zip(
        [("manifest.csv", Manifest("1.2", files.Select(f => (f.File[..^4], f.Mode)).ToArray())),
            .. files.Where(f => f.Text is not null).Select(f => (f.File, f.Text!))]);

    /// <summary>Fails with the outcome, message and every issue when an import did not apply.</summary>
    public static void AssertApplied(Features.OneRosterImport.ImportOneRoster.Result result) =>
        Assert.True(result.Outcome == Features.OneRosterImport.ImportOneRoster.Outcome.Applied,
            $"{result.Outcome}: {result.Message}\n{string.Join("\n", result.Issues)}");

    public static string Manifest(string version, params (string File, string Mode)[] files) =>
        "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version," + version + "\r\n" +
        string.Concat(files.Select(f => $"file.{f.File},{f.Mode}\r\n")) + "source.systemName,Test SIS\r\n";

    public const string Orgs11 =
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n" +
        "d1,,,Maple District,district,,\r\n" +
        "s1,,,Maple Elementary,school,101,d1\r\n" +
        "s2,,,Oak Middle,school,102,d1\r\n";

    public const string Users11 =
        "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n" +
        "u1,,,true,s1,student,ada.l,,Ada,Lovelace,Byron,1001,ada@students.example.org,,,g1,03,secret-pass-1\r\n" +
        "u2,,,true,\"s1,s2\",student,,,Alan,Turing,,1002,,,,,04,\r\n" +
        "u3,,,false,s1,student,,,Carl,Gauss,,1003,,,,,03,\r\n" +
        "t1,,,true,s1,teacher,ghopper,,Grace,Hopper,,,grace@example.org,,,,,\r\n" +
        "a1,,,true,d1,administrator,,,Ann,Admin,,,ann@example.org,,,,,\r\n" +
        "g1,,,true,s1,guardian,,,Gus,Guardian,,,gus@example.org,,,u1,,\r\n";

    public const string Classes11 =
        "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\r\n" +
        "c1,,,Science 3A,03,co1,SCI-3A,scheduled,Room 4,s1,t1,science,,1\r\n" +
        "c2,,,Homeroom 4,04,co1,HR-4,homeroom,,s2,t1,,,\r\n";

    public const string Enrollments11 =
        "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n" +
        "e1,,,c1,s1,t1,teacher,true,,\r\n" +
        "e2,,,c1,s1,u1,student,false,,\r\n" +
        "e3,,,c1,s1,u2,student,false,,\r\n" +
        "e4,,,c2,s2,u2,student,false,,\r\n" +
        "e5,,,c1,s1,u3,student,false,,\r\n";

    public const string Courses =
        "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes\r\n" +
        "co1,,,y1,Science,SCI,03,d1,science,\r\n";

    public const string Sessions =
        "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\r\n" +
        "y1,,,2026-27,schoolYear,2026-08-01,2027-06-30,,2027\r\n" +
        "t1,,,Fall,term,2026-08-01,2026-12-20,y1,2027\r\n";

    /// <summary>A complete 1.1 bulk package of the small district above.</summary>
    public static byte[] Bulk11(string? users = null, string? enrollments = null, string? classes = null, string? orgs = null,
        string? sessions = null) => Zip(
        ("manifest.csv", Manifest("1.1", ("orgs", "bulk"), ("users", "bulk"), ("classes", "bulk"), ("enrollments", "bulk"),
            ("courses", "bulk"), ("academicSessions", "bulk"), ("demographics", "absent"))),
        ("orgs.csv", orgs ?? Orgs11), ("users.csv", users ?? Users11), ("classes.csv", classes ?? Classes11),
        ("enrollments.csv", enrollments ?? Enrollments11), ("courses.csv", Courses), ("academicSessions.csv", sessions ?? Sessions));

    public const string Users12 =
        "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\r\n" +
        "u1,active,2026-08-01T00:00:00Z,true,ada.l,,Ada,Lovelace,,1001,ada@students.example.org,,,,03,,M1,,,,,s1,\r\n" +
        "t1,active,2026-08-01T00:00:00Z,true,ghopper,,Grace,Hopper,,,grace@example.org,,,,,,M2,,,,,s1,\r\n" +
        "p1,active,2026-08-01T00:00:00Z,true,,,Pat,Principal,,,pat@example.org,,,,,,M3,,,,,s1,\r\n" +
        "d1a,active,2026-08-01T00:00:00Z,true,,,Dana,District,,,dana@example.org,,,,,,M4,,,,,d1,\r\n" +
        "x1,active,2026-08-01T00:00:00Z,true,,,Al,Aide,,,al@example.org,,,,,,M5,,,,,s1,\r\n";

    public const string Roles12 =
        "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\r\n" +
        "r1,active,2026-08-01T00:00:00Z,u1,primary,student,,,s1,\r\n" +
        "r2,active,2026-08-01T00:00:00Z,t1,primary,teacher,,,s1,\r\n" +
        "r3,active,2026-08-01T00:00:00Z,t1,secondary,teacher,,,s2,\r\n" +
        "r4,active,2026-08-01T00:00:00Z,p1,primary,principal,,,s1,\r\n" +
        "r5,active,2026-08-01T00:00:00Z,d1a,primary,districtAdministrator,,,d1,\r\n" +
        "r6,active,2026-08-01T00:00:00Z,x1,primary,aide,,,s1,\r\n";

    public const string Enrollments12 =
        "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n" +
        "e1,active,2026-08-01T00:00:00Z,c1,s1,t1,teacher,true,,\r\n" +
        "e2,active,2026-08-01T00:00:00Z,c1,s1,u1,student,false,,\r\n" +
        "e3,active,2026-08-01T00:00:00Z,c1,s1,x1,aide,false,,\r\n";

    /// <summary>A 1.2 bulk package: roles in roles.csv, administrator kinds, an aide.</summary>
    public static byte[] Bulk12() => Zip(
        ("manifest.csv", Manifest("1.2", ("orgs", "bulk"), ("users", "bulk"), ("roles", "bulk"), ("classes", "bulk"), ("enrollments", "bulk"))),
        ("orgs.csv", Orgs11), ("users.csv", Users12), ("roles.csv", Roles12), ("classes.csv", Classes11), ("enrollments.csv", Enrollments12));

    /// <summary>
    /// A 1.1 delta on top of <see cref="Bulk11"/>: Ada changes her name, Carl is removed, a new student Emmy joins c2,
    /// Alan leaves c1, and class c2 is retitled. Files not sent are absent.
    /// </summary>
    public static byte[] Delta11() => Zip(
        ("manifest.csv", Manifest("1.1", ("orgs", "absent"), ("users", "delta"), ("classes", "delta"), ("enrollments", "delta"))),
        ("users.csv",
            "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n" +
            "u1,active,2026-09-01T00:00:00Z,true,s1,student,ada.l,,Ada,King,Byron,1001,ada@students.example.org,,,,03,\r\n" +
            "u3,tobedeleted,2026-09-01T00:00:00Z,,,,,,,,,,,,,,,\r\n" +
            "u4,active,2026-09-01T00:00:00Z,true,s2,student,,,Emmy,Noether,,1004,,,,,04,\r\n"),
        ("classes.csv",
            "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\r\n" +
            "c2,active,2026-09-01T00:00:00Z,Homeroom 4B,04,co1,HR-4,homeroom,,s2,t1,,,\r\n"),
        ("enrollments.csv",
            "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\r\n" +
            "e3,tobedeleted,2026-09-01T00:00:00Z,c1,s1,u2,student,false,,\r\n" +
            "e6,active,2026-09-01T00:00:00Z,c2,s2,u4,student,false,,\r\n" +
            "e7,active,2026-09-01T00:00:00Z,c2,s2,t1,teacher,true,,\r\n"));
}
