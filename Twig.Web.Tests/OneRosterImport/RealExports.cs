using System.Text;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>
/// A OneRoster 1.2 package as real exporters write it, not as our generator does: a BOM, CRLF and LF mixed, no final
/// newline, manifest values with spaces around them, columns in another order, columns Twig does not know, quoted values
/// holding commas, vocabulary in another case, status and dateLastModified blank (or absent) in bulk, several roles per
/// person in roles.csv, and the __MACOSX folder macOS's "Compress" adds.
/// </summary>
public static class RealExports
{
    public const string Manifest12 =
        "\uFEFFpropertyName,value\r\n" +
        " manifest.version , 1.0 \r\n" +
        "\"oneroster.version\",\" 1.2 \"\r\n" +
        "file.orgs, Bulk \r\n" +
        "file.users,bulk\r\n" +
        "file.roles,bulk\r\n" +
        "file.classes,bulk\r\n" +
        "file.enrollments,bulk\r\n" +
        "file.demographics,absent\r\n" +
        "source.systemName,\"Acme SIS, Inc.\"";

    public const string Orgs =
        "name,sourcedId,type,identifier,parentSourcedId,metadata.region\n" +
        "Maple District,d1,District,,,North\n" +
        "\"Maple Elementary, North Campus\",s1,School,101,d1,North\n" +
        "Oak Middle,s2,school,102,d1,North\n";

    public const string Users =
        "\uFEFFgivenName,familyName,sourcedId,status,dateLastModified,username,enabledUser,identifier,email," +
        "primaryOrgSourcedId,nickname\r\n" +
        "Ada,\"Lovelace, Jr.\",u1,,,ada.l,TRUE,1001,ada@students.example.org,s1,Addie\r\n" +
        "Grace,Hopper,t1,,,ghopper,True,,grace@example.org,s1,\r\n" +
        "Al,Aide,x1,,,al.aide,true,,al@example.org,s1,\r\n" +
        "Carl,Gauss,u3,,,,FALSE,1003,,s2,\r\n";

    /// <summary>Grace teaches at Maple and runs Oak; Al's primary role is aide, but he also teaches; Ada's role is "Student".</summary>
    public const string Roles =
        "userSourcedId,roleType,role,orgSourcedId,sourcedId,status\r\n" +
        "u1,primary,Student,s1,r1,\r\n" +
        "t1,primary,teacher,s1,r2,\r\n" +
        "t1,secondary,siteAdministrator,s2,r3,\r\n" +
        "x1,primary,aide,s1,r4,\r\n" +
        "x1,secondary,teacher,s1,r5,\r\n" +
        "u3,primary,student,s2,r6,\r\n";

    public const string Classes =
        "sourcedId,title,schoolSourcedId,grades,subjects,status,dateLastModified,classCode\r\n" +
        "c1,\"Science, Grade 3\",s1,\"03,04\",\"science,math\",,,SCI-3\r\n";

    public const string Enrollments =
        "sourcedId,classSourcedId,userSourcedId,role,primary,status\r\n" +
        "e1,c1,t1,Teacher,TRUE,\r\n" +
        "e2,c1,u1,student,false,Active\r\n" +
        "e3,c1,x1,teacher,false,\r\n";

    public static byte[] Bulk12() => ZipBytes(
        ("manifest.csv", Encoding.UTF8.GetBytes(Manifest12)),
        ("__MACOSX/", []),
        ("__MACOSX/._users.csv", [0, 5, 22, 7, 0, 2, 0, 0, 0x4D, 0x61, 0x63]),
        (".DS_Store", [0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]),
        ("orgs.csv", Encoding.UTF8.GetBytes(Orgs)),
        ("users.csv", Encoding.UTF8.GetBytes(Users)),
        ("roles.csv", Encoding.UTF8.GetBytes(Roles)),
        ("classes.csv", Encoding.UTF8.GetBytes(Classes)),
        ("enrollments.csv", Encoding.UTF8.GetBytes(Enrollments)));

    /// <summary>A 1.1 delta on top of <see cref="Bulk12"/>: Ada removed with the "toBeDeleted" spelling some exporters use.</summary>
    public static byte[] DeltaRemovingAda() => Zip(
        ("manifest.csv", Packages.Manifest("1.1", ("orgs", "absent"), ("users", "Delta"))),
        ("users.csv", "sourcedId,status,dateLastModified,role,givenName,familyName\r\nu1,toBeDeleted,2026-09-01T00:00:00Z,,,\r\n"));
}
