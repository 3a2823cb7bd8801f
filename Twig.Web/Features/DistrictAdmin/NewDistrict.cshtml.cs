using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>A support admin creates a district with an active subscription (the same command as the <c>create-district</c> verb).</summary>
[Authorize(Policy = TwigPolicies.IsSupportAdmin)]
public sealed class NewDistrict(IMediator mediator, IValidator<CreateDistrict.Command> validator) : PageModel
{
    [BindProperty]
    public Form Data { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken token)
    {
        UnboundValue.SayRule(ModelState, $"{nameof(Data)}.{nameof(Form.Seats)}", NewDistricts.SeatsRule);
        var command = new CreateDistrict.Command(Data.Name ?? "", Data.Slug ?? "", Data.Seats ?? -1, Data.Source);
        if (!ModelState.IsValid)
        {
            await UnboundValue.SayOtherMistakesAsync(ModelState, nameof(Data), validator, command, token);
            return Page();
        }
        var result = await mediator.Send(command, token);
        TempData["Notice"] = $"District created with {Data.Seats:N0} seats. Next: create its owner account" + Data.Source switch
        {
            Twig.Web.Domain.RosterSource.Csv => ", who uploads users.csv.",
            Twig.Web.Domain.RosterSource.OneRoster => ", who uploads a OneRoster package.",
            _ => ", or approve its Clever connection below.",
        };
        return RedirectToPage("/DistrictAdmin/SupportDistrict", new { districtId = result.DistrictId });
    }

    /// <summary>The form as typed; <see cref="CreateDistrict.Validator"/> checks it (failures come back under <c>Data.</c>).</summary>
    public sealed class Form
    {
        public string? Name { get; set; }
        public string? Slug { get; set; }
        public int? Seats { get; set; }
        public Twig.Web.Domain.RosterSource? Source { get; set; }
    }
}
