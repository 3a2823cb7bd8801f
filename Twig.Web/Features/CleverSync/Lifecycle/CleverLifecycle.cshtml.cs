using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.CleverSync.Lifecycle;

/// <summary>
/// A district's Clever connection and nightly pause on a page of their own, and the target of the panel's forms
/// (dashboard, support console, held review): pause or end the pause (owner or support admin), re-check (support admin).
/// Each answer goes back to the page the form was on, as its notice.
/// </summary>
[Authorize(Policy = TwigPolicies.CanViewDistrict)]
public sealed class CleverLifecycle(IMediator mediator, IAuthorizationService authorization) : PageModel
{
    /// <summary>What was typed into a pause the server refused, for the panel to show again (TempData keys).</summary>
    public const string TypedUntilKey = "PauseTypedUntil", TypedReasonKey = "PauseTypedReason";

    public int DistrictId { get; private set; }
    [TempData] public string? Notice { get; set; }

    public IActionResult OnGet(int districtId)
    {
        DistrictId = districtId;
        return Page();
    }

    public Task<IActionResult> OnPostPauseAsync(int districtId, DateOnly? until, string? reason, string? returnUrl,
        CancellationToken token) =>
        ManageAsync(districtId, returnUrl, () => mediator.Send(new NightlyPause.Pause(districtId, until, reason), token).AsTask(),
            refused: () =>
            {
                // The day as a number: TempData would read a date string back as a DateTime.
                TempData[TypedUntilKey] = until?.DayNumber;
                TempData[TypedReasonKey] = Request.Form["reason"].ToString();
            });

    public Task<IActionResult> OnPostResumeAsync(int districtId, string? returnUrl, CancellationToken token) =>
        ManageAsync(districtId, returnUrl, () => mediator.Send(new NightlyPause.Resume(districtId), token).AsTask());

    public async Task<IActionResult> OnPostRecheckAsync(int districtId, string? returnUrl, CancellationToken token)
    {
        if (!User.IsInRole(TwigRoles.SupportAdmin)) return Forbid();
        var result = await mediator.Send(new CheckConnection.Command(districtId, Audited: true), token);
        Notice = $"Re-checked with Clever: {result.Message}";
        return Back(districtId, returnUrl);
    }

    private async Task<IActionResult> ManageAsync(int districtId, string? returnUrl, Func<Task<string>> action,
        Action? refused = null)
    {
        if (!(await authorization.AuthorizeAsync(User, districtId, TwigPolicies.CanManageDistrict)).Succeeded) return Forbid();
        try
        {
            Notice = await action();
        }
        catch (ValidationException invalid)
        {
            Notice = "Nightly syncs were not paused: " + string.Join(" ", invalid.Errors.Select(e => e.ErrorMessage));
            refused?.Invoke();
        }
        return Back(districtId, returnUrl);
    }

    private IActionResult Back(int districtId, string? returnUrl) =>
        SafeReturnUrl.IsSafe(Url, returnUrl) ? LocalRedirect(returnUrl!) : RedirectToPage(new { districtId });
}
