using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// What Twig stores about a district's people, for how long, where, who at Twig sees it, and how to ask for an export
/// or a deletion: written from the same settings the retention and deletion jobs use, so it cannot fall out of date.
/// </summary>
[AllowAnonymous]
public sealed class Privacy(IOptions<DataStewardshipOptions> options, IConfiguration configuration, IAuthorizationService authorization)
    : PageModel
{
    public DataStewardshipOptions Settings { get; } = options.Value;

    /// <summary>The "Your district's data" link is shown only to whoever that page opens for; everyone else reads who can.</summary>
    public bool CanOpenDistrictData { get; private set; }

    /// <summary>The database engine in words; never the server's name.</summary>
    public string Storage => string.Equals(configuration["Database:Provider"], "SqlServer", StringComparison.OrdinalIgnoreCase)
        ? "a Microsoft SQL Server database operated for Twig"
        : "a database file on Twig's server";

    public async Task OnGetAsync() => CanOpenDistrictData = await DistrictData.OwnPageOpensForAsync(User, authorization);

    public static string Period(int days) => days % 365 == 0 ? (days / 365 == 1 ? "1 year" : $"{days / 365} years") : $"{days} days";
}
