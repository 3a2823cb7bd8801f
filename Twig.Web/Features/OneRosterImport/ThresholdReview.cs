using System.Text.Json.Serialization;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// What a package takes away that the threshold review covers: people deactivated, schools deactivated, classes deactivated
/// and enrollments removed from the classes it keeps. When any part goes beyond the district's threshold
/// (<see cref="OneRosterPlan.NeedsConfirmation"/>), nothing is applied until <see cref="Total"/> is confirmed: every part,
/// not only the one over the threshold, as classes.csv confirms classes and memberships together, so the admin confirms
/// one number that names everything the package takes away.
/// </summary>
public sealed record ThresholdReview(int People, int Schools, int Classes, int Enrollments)
{
    /// <summary>The number the page's tick box and <c>--deactivate N</c> confirm.</summary>
    [JsonIgnore]
    public int Total => People + Schools + Classes + Enrollments;

    /// <summary>What the confirmation does, for its tick box: "Deactivate 2 people and 1 school and remove 30 enrollments …".</summary>
    [JsonIgnore]
    public string Label
    {
        get
        {
            var deactivated = new[] { Count(People, "person", "people"), Count(Schools, "school", "schools"),
                Count(Classes, "class", "classes") }.OfType<string>().ToList();
            var removed = Count(Enrollments, "enrollment", "enrollments") is { } e ? $"{e} from the classes it keeps" : null;
            var deactivate = deactivated.Count == 0 ? null
                : "Deactivate " + (deactivated.Count == 1 ? deactivated[0]
                    : string.Join(", ", deactivated[..^1]) + " and " + deactivated[^1]);
            return (deactivate, removed) switch
            {
                (null, null) => "Nothing to confirm",
                (_, null) => deactivate!,
                (null, _) => "Remove " + removed,
                _ => $"{deactivate} and remove {removed}",
            };
        }
    }

    private static string? Count(int count, string one, string many) => count == 0 ? null : Counted.Of(count, one, many);
}
