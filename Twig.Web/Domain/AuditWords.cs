namespace Twig.Web.Domain;

/// <summary>
/// How an audit entry's action reads to people: the audit log's "What" column and its Action filter both show these words.
/// The stored codes ("sync.held.discarded") are data and never change; a code with no words here shows as itself.
/// </summary>
public static class AuditWords
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["account.created"] = "Account created",
        ["account.reset"] = "Owner's one-time password reset",
        ["account.password-changed"] = "Password changed",
        ["account.password-reset"] = "Password set with a reset link",
        ["account.password-reset-link"] = "Password reset link made",
        ["account.two-factor-enabled"] = "Two-factor sign-in turned on",
        ["account.two-factor-disabled"] = "Two-factor sign-in turned off",
        ["clever.events-mode.on"] = "Clever events mode turned on",
        ["clever.events-mode.off"] = "Clever events mode turned off",
        ["connection.approved"] = "Clever connection approved",
        ["connection.rejected"] = "Clever connection rejected",
        ["connection.rechecked"] = "Clever connection checked again",
        ["csv.uploaded"] = "CSV uploaded",
        ["csv.applied"] = "CSV import applied",
        ["csv.blocked"] = "CSV import blocked by licence",
        ["csv.cancelled"] = "CSV upload cancelled",
        ["district.created"] = "District created",
        ["district.viewed"] = "District page opened by support",
        ["district.settings.changed"] = "District settings changed",
        ["district.roster-source.changed"] = "Roster source changed",
        ["district.roster-source.completed"] = "Roster source change completed",
        ["district.export-requested"] = "Data export requested",
        ["district.export-downloaded"] = "Data export downloaded",
        ["district.deletion-scheduled"] = "Deletion of the district's data scheduled",
        ["district.deletion-cancelled"] = "Scheduled deletion cancelled",
        ["district.deletion-started"] = "Deletion of the district's data started",
        ["district.data-deleted"] = "District's data deleted",
        ["notifications.preferences"] = "Notification e-mails changed",
        ["oneroster.uploaded"] = "OneRoster package uploaded",
        ["oneroster.applied"] = "OneRoster package imported",
        ["oneroster.cancelled"] = "OneRoster upload cancelled",
        ["people.exported"] = "People downloaded as users.csv",
        ["subscription.changed"] = "Subscription changed",
        ["sync.requested"] = "Sync now",
        ["sync.held.approved"] = "Held sync approved",
        ["sync.held.discarded"] = "Held sync discarded",
        ["sync.paused"] = "Nightly syncs paused",
        ["sync.resumed"] = "Nightly syncs resumed",
    };

    /// <summary>"Held sync discarded" for <c>sync.held.discarded</c>; an unknown code as itself.</summary>
    public static string Describe(string action) => Words.GetValueOrDefault(action, action);
}
