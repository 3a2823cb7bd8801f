using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Twig.Web.Features.Login;

/// <summary>
/// The same Google address is listed by more than one district: the person picks one. Only district names are
/// shown, and the choice is checked again against the Google identity waiting in the external cookie.
/// </summary>
[AllowAnonymous]
public sealed class ChooseDistrict(IMediator mediator) : PageModel
{
    public IReadOnlyList<GoogleSignIn.DistrictChoice> Choices { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken token) => DecideAsync(null, token);

    public Task<IActionResult> OnPostAsync(int districtId, CancellationToken token) => DecideAsync(districtId, token);

    private async Task<IActionResult> DecideAsync(int? districtId, CancellationToken token)
    {
        var pending = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        if (!pending.Succeeded) return RedirectToPage("/Login/Login");

        var result = await mediator.Send(GoogleSignIn.CommandFor(pending.Principal, districtId), token);
        if (result.Choices.Count > 1)
        {
            Choices = result.Choices;
            return Page();
        }
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (result.Principal is null) return LocalRedirect(Refused.PathFor(result.Refusal ?? SignInRefusal.GoogleFailed));
        await HttpContext.SignInAsync(IdentityConstants.ApplicationScheme, result.Principal);
        // The person's home, not "/" (which would only redirect there).
        return LocalRedirect(LandingPage.For(result.Principal) ?? "/");
    }
}
