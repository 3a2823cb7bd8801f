namespace Twig.Web.Domain;

/// <summary>Where a rostered record came from. A sync only ever touches its own source's records.</summary>
public enum RosterSource
{
    Clever = 1,
    Csv = 2,
}
