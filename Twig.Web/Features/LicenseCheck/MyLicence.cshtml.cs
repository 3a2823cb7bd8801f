using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>The signed-in owner's own district licence; the district comes from the owner's claim, never from the request.</summary>
[Authorize(Policy = TwigPolicies.IsDistrictOwner)]
public sealed class MyLicence(IMediator mediator) : PageModel
{
    public Licence.Model Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        if (User.GetDistrictId() is not { } districtId) return Forbid();
        var result = await mediator.Send(new Licence.Query(districtId), token);
        if (result is null) return NotFound();
        Data = result;
        return Page();
    }
}
