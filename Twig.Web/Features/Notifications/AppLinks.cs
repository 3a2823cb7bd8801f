using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// Absolute links to Twig's pages for e-mails: the page's route by its name (so a moved route moves the links too),
/// on <c>App:BaseUrl</c> (or the address Twig listens on).
/// </summary>
public sealed class AppLinks(IConfiguration configuration, SelfUrl self, LinkGenerator pages)
{
    public string BaseUrl => configuration["App:BaseUrl"] is { Length: > 0 } configured
        ? configured.TrimEnd('/')
        : Resolve();

    public string To(string path) => BaseUrl + "/" + path.TrimStart('/');

    /// <summary>
    /// A stored notice's link as a page shows it: its path only. The e-mail needs <c>App:BaseUrl</c>, but a page is already on
    /// Twig, whichever of its addresses (or the address before a move) the browser used.
    /// </summary>
    public static string InApp(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.PathAndQuery + uri.Fragment : link;

    /// <summary>The page named like <c>asp-page</c> ("/DistrictAdmin/Dashboard"), with its route values.</summary>
    public string Page(string page, object? values = null) =>
        To(pages.GetPathByPage(page, values: values) ?? throw new InvalidOperationException($"No route leads to the page {page}."));

    public string OwnerDashboard => Page("/DistrictAdmin/Dashboard");
    public string Run(int districtId, int runId) => Page("/CleverSync/History/RunDetails", new { districtId, runId });
    public string Review(int districtId, int runId) => Page("/CleverSync/History/HeldReview", new { districtId, runId });
    public string Licence => Page("/LicenseCheck/MyLicence");
    public string Connections => Page("/CleverSync/Connections/Connections");
    public string SupportConsole => Page("/DistrictAdmin/SupportConsole");
    public string Notifications => Page("/Notifications/MyNotifications");
    // The page's generated links go to its staff route (/support/districts/{id}/data); the owner's own route is fixed.
    public string DistrictData => To("/district/data");
    public string Privacy => Page("/DataStewardship/Privacy");

    private string Resolve()
    {
        try
        {
            return self.Resolve("/").TrimEnd('/');
        }
        catch (InvalidOperationException ex)
        {
            // A command line serves nothing, so only the setting can say where Twig is.
            throw new InvalidOperationException($"Set App:BaseUrl so notices can link back to Twig ({ex.Message})", ex);
        }
    }
}
