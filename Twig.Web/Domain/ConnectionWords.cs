namespace Twig.Web.Domain;

/// <summary>
/// How a district's Clever connection reads to people — its label, why no sync can run, and the owner's next step — in one place,
/// so the dashboard, the sync log, "Sync now" and the command line never word "not connected" differently.
/// </summary>
public static class ConnectionWords
{
    public static string Describe(this DistrictConnectionState state) => state switch
    {
        DistrictConnectionState.Connected => "Connected",
        DistrictConnectionState.PendingApproval => "Waiting for Twig's approval",
        DistrictConnectionState.Disconnected => "Disconnected",
        DistrictConnectionState.Rechecking => "Connected, being re-checked",
        _ => "Not on Clever",
    };

    /// <summary>A Clever connection's state in words (never the enum's name).</summary>
    public static string Describe(this CleverConnectionState state) => state switch
    {
        CleverConnectionState.PendingApproval => "Waiting for approval",
        CleverConnectionState.Connected => "Connected",
        CleverConnectionState.Rejected => "Rejected",
        CleverConnectionState.Disconnected => "Disconnected",
        _ => state.ToString(),
    };

    /// <summary>Why no sync can run in this state, or null when syncs run (connected, or re-checking after one refusal).</summary>
    public static string? SyncRefusal(this DistrictConnectionState state) => state switch
    {
        DistrictConnectionState.Connected or DistrictConnectionState.Rechecking => null,
        DistrictConnectionState.PendingApproval => "Twig has not approved your Clever connection yet.",
        DistrictConnectionState.Disconnected => "The Clever connection is disconnected; reconnect Twig in Clever first.",
        _ => "The district is not connected to Twig in Clever.",
    };

    /// <summary>What the district's owner does next, in this state.</summary>
    public static string NextStep(this DistrictConnectionState state) => state switch
    {
        DistrictConnectionState.Connected =>
            "Twig receives your roster from Clever every night; use Sync now after a change you need today.",
        DistrictConnectionState.PendingApproval =>
            "Twig has your request and approves it within one working day; the first sync starts then.",
        DistrictConnectionState.Disconnected =>
            "Ask your district's Clever administrator to add (or re-authorize) Twig Science in the Clever dashboard. Twig notices " +
            "within 15 minutes and reconnects by itself; Twig support can also re-check straight away.",
        DistrictConnectionState.Rechecking =>
            "Clever refused Twig's access once; Twig is checking with Clever. Sign-in and syncs carry on meanwhile.",
        _ => "Request Twig Science in Clever's app library, or upload a users.csv if your district does not use Clever.",
    };
}
