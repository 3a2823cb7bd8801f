namespace Twig.Web.Data.Imports;

/// <summary>
/// One class as a roster source gives it, before it is compared with the district. <see cref="School"/> is the school as the
/// source names it (a name in classes.csv, a sourcedId in OneRoster); <see cref="ClassPlanInput.SchoolKey"/> turns it into a key.
/// Person ids are the external ids of people of the same source (users.csv <c>user_id</c>s). The row counts the header.
/// </summary>
public sealed record ClassRow
{
    public required int Row { get; init; }
    public required string ClassId { get; init; }
    public required string Name { get; init; }
    public required string School { get; init; }
    public string? Grade { get; init; }
    public string? Subject { get; init; }
    public required IReadOnlyList<string> TeacherIds { get; init; }
    public required IReadOnlyList<string> StudentIds { get; init; }
    /// <summary>
    /// The teachers among <see cref="TeacherIds"/> the source marks primary (OneRoster's <c>primary</c>); none for classes.csv.
    /// </summary>
    public IReadOnlyCollection<string> PrimaryTeacherIds { get; init; } = [];
}
