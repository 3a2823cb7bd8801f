namespace Twig.Web.Data.Imports;

/// <summary>
/// One class as a roster source gives it, before it is compared with the district. <see cref="School"/> is the school as the
/// source names it (a name in classes.csv, a sourcedId in OneRoster); <see cref="ClassPlanInput.SchoolKey"/> turns it into a key.
/// Person ids are the external ids of people of the same source (users.csv <c>user_id</c>s). The row counts the header.
/// </summary>
public sealed record ClassRow(
    int Row, string ClassId, string Name, string School, string? Grade, string? Subject,
    IReadOnlyList<string> TeacherIds, IReadOnlyList<string> StudentIds);
