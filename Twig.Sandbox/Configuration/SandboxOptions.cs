namespace Twig.Sandbox.Configuration;

/// <summary>The app's <c>Sandbox</c> configuration section.</summary>
public sealed class SandboxOptions
{
    public CleverAppOptions Clever { get; set; } = new();
    public GoogleAppOptions Google { get; set; } = new();
    public List<SandboxDistrictOptions> Districts { get; set; } = [];
}

/// <summary>The Twig app as registered with (sandbox) Clever.</summary>
public sealed class CleverAppOptions
{
    public string ClientId { get; set; } = "sandbox-clever-client";
    public string ClientSecret { get; set; } = "sandbox-clever-secret";

    /// <summary>The first entry is the primary URI that portal launches use. A path-only entry matches any host.</summary>
    public List<string> RedirectUris { get; set; } = [];

    public int RateLimitPerMinute { get; set; } = 1200;
}

/// <summary>The Twig app as registered with (sandbox) Google.</summary>
public sealed class GoogleAppOptions
{
    public string ClientId { get; set; } = "sandbox-google-client";
    public string ClientSecret { get; set; } = "sandbox-google-secret";
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>Workspace domains whose admin has not approved the app: sign-in refuses with admin_policy_enforced.</summary>
    public List<string> UnapprovedDomains { get; set; } = [];
}

/// <summary>One generated sandbox district.</summary>
public sealed class SandboxDistrictOptions
{
    /// <summary>24-hex id; derived from the seed when absent.</summary>
    public string? Id { get; set; }
    public string Name { get; set; } = "Sandbox District";
    public int Seed { get; set; } = 1;
    public int Students { get; set; } = 600;

    /// <summary>Defaults to one teacher per 20 students.</summary>
    public int? Teachers { get; set; }

    /// <summary>Defaults to one school per 200 students (at least one).</summary>
    public int? Schools { get; set; }

    /// <summary>Whether the district has connected the Twig app (its token appears in GET /oauth/tokens).</summary>
    public bool Connected { get; set; } = true;
}
