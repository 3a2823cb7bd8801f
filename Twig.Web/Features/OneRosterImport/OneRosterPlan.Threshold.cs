using System.Globalization;
using Twig.Web.Domain;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>The threshold review: what a package takes away, and whether it waits for a person to confirm it.</summary>
public sealed partial class OneRosterPlan
{
    /// <summary>The district's active OneRoster schools before the package.</summary>
    public int ActiveSchoolsNow { get; private set; }

    /// <summary>
    /// The package deactivates more than the district's threshold of its active OneRoster people or schools, or takes
    /// classes or enrollments away beyond <see cref="Data.Imports.ClassPlan"/>'s own rule (a header-only classes.csv or
    /// enrollments.csv in a bulk package): applying waits for <see cref="ToConfirm"/>'s total.
    /// </summary>
    public bool NeedsConfirmation => District.ExceedsThreshold(Deactivations.Count, ActivePeopleNow, ThresholdPercent)
        || District.ExceedsThreshold(SchoolDeactivations.Count, ActiveSchoolsNow, ThresholdPercent)
        || Classes.NeedsDeactivationConfirmation(ThresholdPercent);

    public ThresholdReview ToConfirm => new(Deactivations.Count, SchoolDeactivations.Count, Classes.Deactivations.Count,
        Classes.MembershipsRemovedFromKeptClasses);

    /// <summary>Why a package above the threshold was not applied, with every part against what the district has now.</summary>
    public string ConfirmationNeeded() => string.Create(CultureInfo.InvariantCulture,
        $"This package goes beyond the district's threshold of {ThresholdPercent} %: it deactivates " +
        $"{Deactivations.Count:N0} of {ActivePeopleNow:N0} active people, {SchoolDeactivations.Count:N0} of {ActiveSchoolsNow:N0} " +
        $"active schools and {Classes.Deactivations.Count:N0} of {Classes.ActiveClassesNow:N0} active classes, and removes " +
        $"{Classes.MembershipsRemovedFromKeptClasses:N0} of {Classes.ActiveEnrollmentsNow:N0} enrollments from the classes it " +
        $"keeps. Nothing was imported; confirm \"{ToConfirm.Label}\" ({ToConfirm.Total:N0} changes) to apply it " +
        $"(on the command line: --deactivate {ToConfirm.Total}).");
}
