namespace Twig.Web.Domain;

public class District
{
    public const int DefaultDeactivationThresholdPercent = 10;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Short lower-case name used in URLs and on the command line (e.g. <c>demo</c>).</summary>
    public string Slug { get; set; } = "";
    public bool NightlySyncEnabled { get; set; } = true;
    /// <summary>Whether approving the Clever connection queues the initial sync straight away.</summary>
    public bool InitialSyncOnConnect { get; set; } = true;
    /// <summary>A sync or import that would deactivate more than this share of any active type is held for review.</summary>
    public int DeactivationThresholdPercent { get; set; } = DefaultDeactivationThresholdPercent;
    public DateTime CreatedAt { get; set; }
    /// <summary>Google Workspace domains (comma-separated) whose accounts may sign in; empty allows any verified Google account.</summary>
    public string? GoogleDomains { get; set; }
    /// <summary>When the district's data was deleted at the end of its contract; such a district is never synced or signed into again.</summary>
    public DateTime? DeletedAt { get; set; }

    public Subscription? Subscription { get; set; }
    public CleverConnection? CleverConnection { get; set; }

    public DistrictConnectionState ConnectionState => CleverConnection?.State switch
    {
        null or CleverConnectionState.Rejected => DistrictConnectionState.NotOnClever,
        CleverConnectionState.PendingApproval => DistrictConnectionState.PendingApproval,
        CleverConnectionState.Connected => DistrictConnectionState.Connected,
        _ => DistrictConnectionState.Disconnected,
    };

    public static string NormalizeSlug(string slug) => slug.Trim().ToLowerInvariant();
}

public enum DistrictConnectionState
{
    NotOnClever,
    PendingApproval,
    Connected,
    Disconnected,
}
