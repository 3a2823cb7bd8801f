using System.Globalization;
using static Twig.Web.Features.UsersCsvImport.Review;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// Why a confirmation must not apply the plans it would write, in the order the district sees them: the file no longer fits
/// the district (an error), then classes.csv deactivates more than the threshold without that number confirmed, then
/// users.csv archives more than the threshold without that number confirmed. Null: nothing stands in the way.
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
            && message.ConfirmedClassDeactivations != classes.Deactivations.Count)
            return new ApplyResult(ApplyOutcome.NeedsArchiveConfirmation, string.Create(CultureInfo.InvariantCulture,
                $"This upload deactivates {classes.Deactivations.Count:N0} classes, more than {threshold} % of the district's " +
                $"{classes.ActiveClassesNow:N0} active CSV classes. " +
                $"Tick \"Deactivate these {classes.Deactivations.Count:N0} classes\" to confirm."));
        if (plans.People is not { } plan) return null;
        if (plan.NeedsArchiveConfirmation && message.ConfirmedArchiveCount != plan.Archives.Count)
            return new ApplyResult(ApplyOutcome.NeedsArchiveConfirmation, string.Create(CultureInfo.InvariantCulture,
                $"This upload archives {plan.Archives.Count:N0} people, more than {plan.ThresholdPercent} % of the district's " +
                $"{plan.ActiveCsvPeopleNow:N0} active CSV people. Tick \"Archive these {plan.Archives.Count:N0} people\" to confirm."));
        return null;
    }
}
