namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// Where a district reaches Twig support (<c>App:SupportEmail</c>). Pages and e-mails tell people to contact support for
/// seats, renewals and mistakes: the footer of every page and of every e-mail gives the address, so that advice is never
/// a dead end. Not set: nothing is shown.
/// </summary>
public sealed class SupportContact(IConfiguration configuration)
{
    public string? Email { get; } = configuration["App:SupportEmail"]?.Trim() is { Length: > 0 } email ? email : null;
}
