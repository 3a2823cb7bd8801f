namespace Twig.Web.Features.UsersCsvImport;

public sealed partial class DistrictState
{
    private RowMatches? _rows;

    /// <summary>
    /// For each row of <paramref name="file"/>, the CSV person it names (null: a new person), and every user_id of the file.
    /// Worked out once by <see cref="LoadAsync"/> for the file it loaded the district for, and reused by the username reads
    /// and the plan: three passes of 100,000 look-ups each become one.
    /// </summary>
    internal (ExistingPerson?[] People, HashSet<string> UserIds) RowsOf(ParsedFile file)
    {
        if (_rows is { } rows && ReferenceEquals(rows.File, file)) return (rows.People, rows.UserIds);
        var people = new ExistingPerson?[file.People.Count];
        var userIds = new HashSet<string>(file.People.Count, StringComparer.Ordinal);
        for (var i = 0; i < people.Length; i++)
        {
            var row = file.People[i];
            userIds.Add(row.UserId);
            people[i] = CsvPeople.GetValueOrDefault(row.UserId);
        }
        return (people, userIds);
    }

    /// <summary>The rows of one file matched to the district's people, by their place in the file.</summary>
    private sealed class RowMatches(ParsedFile file, ExistingPerson?[] people, HashSet<string> userIds)
    {
        public ParsedFile File { get; } = file;
        public ExistingPerson?[] People { get; } = people;
        public HashSet<string> UserIds { get; } = userIds;

        /// <summary>
        /// After people were read in full (new objects replace their compact ones): the rows that name them follow. A row that
        /// matched its stored hash names a person that was not read again, unless <paramref name="all"/> were.
        /// </summary>
        public void Refresh(Dictionary<string, ExistingPerson> csvPeople, bool all)
        {
            for (var i = 0; i < People.Length; i++)
                if (People[i] is { } person && (all || !ReferenceEquals(person.MatchedRow, File.People[i])))
                    People[i] = csvPeople[person.ExternalId];
        }
    }
}
