namespace Twig.Web.Domain;

/// <summary>Where a rostered record came from. A sync only ever touches its own source's records.</summary>
public enum RosterSource
{
    Clever = 1,
    /// <summary>Twig's own CSV format: users.csv (and classes.csv).</summary>
    Csv = 2,
    /// <summary>A OneRoster 1.1 or 1.2 CSV package (.zip with manifest.csv).</summary>
    OneRoster = 3,
}

public static class RosterSources
{
    public static string Describe(this RosterSource source) => source switch
    {
        RosterSource.Clever => "Clever",
        RosterSource.Csv => "Twig CSV (users.csv)",
        RosterSource.OneRoster => "OneRoster CSV package",
        _ => source.ToString(),
    };

    /// <summary>Where a person came from, as the people lists show it.</summary>
    public static string PersonOrigin(this RosterSource source) => source switch
    {
        RosterSource.Csv => "users.csv",
        RosterSource.OneRoster => "OneRoster",
        _ => source.ToString(),
    };

    /// <summary>Where a class came from, as the class lists show it.</summary>
    public static string ClassOrigin(this RosterSource source) => source switch
    {
        RosterSource.Csv => "classes.csv",
        RosterSource.OneRoster => "OneRoster",
        _ => source.ToString(),
    };

    /// <summary>Whether a district chose a source other than Clever (one that chose none may still connect Clever).</summary>
    public static bool ChoseOtherThanClever(RosterSource? chosen) => chosen is { } source && source != RosterSource.Clever;

    /// <summary>
    /// The page that takes this source's uploads, or null for Clever, which syncs instead: a link offers only what the district's
    /// source accepts, since the other upload page refuses it (<see cref="RosterSourceRule"/>).
    /// </summary>
    public static string? UploadPage(this RosterSource source) => source switch
    {
        RosterSource.Csv => "/UsersCsvImport/Upload",
        RosterSource.OneRoster => "/OneRosterImport/UploadPackage",
        _ => null,
    };

    /// <summary>What a link to <see cref="UploadPage"/> says.</summary>
    public static string UploadText(this RosterSource source) =>
        source == RosterSource.OneRoster ? "Upload a OneRoster package" : "Upload users.csv and classes.csv";

    /// <summary>
    /// The source a district is rostered from. Districts created before the source was recorded have none: they are on
    /// Clever when they have a Clever connection, otherwise on Twig CSV, as they always were.
    /// </summary>
    public static RosterSource Effective(RosterSource? chosen, bool hasCleverConnection) =>
        chosen ?? (hasCleverConnection ? RosterSource.Clever : RosterSource.Csv);
}
