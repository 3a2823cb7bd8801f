using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Notifications;

/// <summary>Absolute links to Twig's pages for e-mails, from <c>App:BaseUrl</c> (or the address Twig listens on).</summary>
public sealed class AppLinks(IConfiguration configuration, SelfUrl self)
{
    public string BaseUrl => configuration["App:BaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : self.Resolve("/").TrimEnd('/');

    public string To(string path) => BaseUrl + "/" + path.TrimStart('/');

    public string OwnerDashboard => To("/district");
    public string Run(int districtId, int runId) => To($"/districts/{districtId}/sync/runs/{runId}");
    public string Review(int districtId, int runId) => To($"/districts/{districtId}/sync/runs/{runId}/review");
    public string Licence => To("/district/licence");
    public string Connections => To("/support/connections");
    public string SupportConsole => To("/support");
    public string Notifications => To("/notifications");
}
