using System.Globalization;
using static Twig.Web.Features.UsersCsvImport.Review;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// Why a confirmation must not apply the plans it would write, in the order the district sees them: the file no longer fits
/// the district (an error), then classes.csv deactivates classes or removes memberships beyond the threshold without that
/// number confirmed, then users.csv archives more than the threshold without that number confirmed. Null: nothing stands in
/// the way.
/// </summary>
public static class ConfirmRefusal
{
    public static ApplyResult? Of(UploadPlans plans, Command message)
    {
        if (plans.Errors.FirstOrDefault() is { } error)
            return new ApplyResult(ApplyOutcome.Failed,
                $"The district changed since the preview and the file no longer fits: {error.Message} " +
                "Nothing was changed; upload the file again.");
        var threshold = plans.District.ThresholdPercent;
        if (plans.Classes is { } classes && classes.NeedsDeactivationConfirmation(threshold)
            && message.ConfirmedClassDeactivations != classes.ChangesToConfirm)
            return new ApplyResult(ApplyOutcome.NeedsArchiveConfirmation, string.Create(CultureInfo.InvariantCulture,
                $"This upload goes beyond the district's threshold of {threshold} %: it deactivates " +
                $"{classes.Deactivations.Count:N0} of {classes.ActiveClassesNow:N0} active CSV classes and removes " +
                $"{classes.MembershipsRemovedFromKeptClasses:N0} of {classes.ActiveEnrollmentsNow:N0} class memberships from the " +
                $"classes it keeps. Tick \"{ClassLabel(classes.Deactivations.Count, classes.MembershipsRemovedFromKeptClasses)}\" " +
                $"to confirm."));
        if (plans.People is not { } plan) return null;
        if (plan.NeedsArchiveConfirmation && message.ConfirmedArchiveCount != plan.Archives.Count)
            return new ApplyResult(ApplyOutcome.NeedsArchiveConfirmation, string.Create(CultureInfo.InvariantCulture,
                $"This upload archives {plan.Archives.Count:N0} people, more than {plan.ThresholdPercent} % of the district's " +
                $"{plan.ActiveCsvPeopleNow:N0} active CSV people. Tick \"Archive these {plan.Archives.Count:N0} people\" to confirm."));
        return null;
    }

    /// <summary>The class confirmation's tick box, naming what it confirms.</summary>
    public static string ClassLabel(int classes, int memberships) => (classes, memberships) switch
    {
        (_, 0) => string.Create(CultureInfo.InvariantCulture, $"Deactivate these {classes:N0} classes"),
        (0, _) => string.Create(CultureInfo.InvariantCulture, $"Remove these {memberships:N0} class memberships"),
        _ => string.Create(CultureInfo.InvariantCulture,
            $"Deactivate these {classes:N0} classes and remove {memberships:N0} class memberships"),
    };
}
