using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// A support admin turns a district's nightly sync on or off, sets its deactivation threshold and the Google Workspace
/// domains its people may sign in from. Audited with old → new values.
/// </summary>
[Authorize(Policy = TwigPolicies.IsSupportAdmin)]
public sealed class DistrictSettings(IMediator mediator) : PageModel
{
    [BindProperty]
    public Command Data { get; set; } = new();

    public string DistrictName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId), token) is not { } current) return NotFound();
        (DistrictName, Data) = (current.DistrictName, current.Form);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int districtId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId), token) is not { } current) return NotFound();
        DistrictName = current.DistrictName;
        Data.DistrictId = districtId; // from the route, never from the form
        if (!ModelState.IsValid) return Page();
        var changes = await mediator.Send(Data, token);
        TempData["Notice"] = changes.Count == 0 ? "Nothing changed." : $"Sync settings saved: {string.Join("; ", changes)}.";
        return RedirectToPage("/DistrictAdmin/SupportDistrict", new { districtId });
    }

    public sealed record Query(int DistrictId) : IQuery<Model?>;

    public sealed record Model(string DistrictName, Command Form);

    public sealed class Command : ICommand<IReadOnlyList<string>>
    {
        [BindNever]
        public int DistrictId { get; set; }
        public bool NightlySyncEnabled { get; set; }
        public int? DeactivationThresholdPercent { get; set; }
        /// <summary>Allowed Google Workspace domains, separated by commas; empty allows any verified Google account.</summary>
        public string? GoogleDomains { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.DeactivationThresholdPercent).NotNull().WithMessage("Enter the threshold, a whole percentage from 1 to 100.")
                .InclusiveBetween(1, 100).WithMessage("The threshold must be a whole percentage from 1 to 100.");
            RuleFor(c => c.GoogleDomains).MaximumLength(500)
                .Must(d => GoogleDomains.Parse(d).All(domain => Uri.CheckHostName(domain) == UriHostNameType.Dns && domain.Contains('.')))
                .WithMessage("List domains such as springfield.k12.us, separated by commas.");
        }
    }

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token) =>
            await db.Districts.AsNoTracking().Where(d => d.Id == message.DistrictId)
                .Select(d => new Model(d.Name, new Command
                {
                    DistrictId = d.Id, NightlySyncEnabled = d.NightlySyncEnabled,
                    DeactivationThresholdPercent = d.DeactivationThresholdPercent,
                    GoogleDomains = d.GoogleDomains,
                }))
                .SingleOrDefaultAsync(token);
    }

    public sealed class CommandHandler(TwigDb db, AuditTrail audit) : ICommandHandler<Command, IReadOnlyList<string>>
    {
        public async ValueTask<IReadOnlyList<string>> Handle(Command message, CancellationToken token)
        {
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
            var district = await db.Districts.SingleAsync(d => d.Id == message.DistrictId, token);
            var changes = new List<string>();
            if (district.NightlySyncEnabled != message.NightlySyncEnabled)
                changes.Add($"nightly sync {(district.NightlySyncEnabled ? "on" : "off")} → {(message.NightlySyncEnabled ? "on" : "off")}");
            if (district.DeactivationThresholdPercent != message.DeactivationThresholdPercent)
                changes.Add($"deactivation threshold {district.DeactivationThresholdPercent} % → {message.DeactivationThresholdPercent} %");
            var domains = string.Join(", ", GoogleDomains.Parse(message.GoogleDomains).Order(StringComparer.Ordinal));
            if ((district.GoogleDomains ?? "") != domains)
                changes.Add($"Google domains '{district.GoogleDomains}' → '{domains}'");
            district.GoogleDomains = domains.Length == 0 ? null : domains;
            district.NightlySyncEnabled = message.NightlySyncEnabled;
            district.DeactivationThresholdPercent = message.DeactivationThresholdPercent!.Value;
            if (changes.Count > 0) audit.Record("district.settings.changed", district.Id, string.Join("; ", changes));
            return changes;
        }
    }
}
