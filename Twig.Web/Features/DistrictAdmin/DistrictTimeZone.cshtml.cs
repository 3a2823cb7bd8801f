using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// The district's settings the owner keeps: the time zone in which Twig shows the district's times to its owner and to
/// support (Pacific unless changed). The owner and a support admin may change it; audited with old → new.
/// </summary>
[Authorize(Policy = TwigPolicies.CanManageDistrict)]
public sealed class DistrictTimeZone(IMediator mediator) : PageModel
{
    /// <summary>US zones first in the suggestions; any IANA id this machine knows is accepted.</summary>
    public static readonly IReadOnlyList<(string Id, string Label)> Suggestions =
    [
        ("America/Los_Angeles", "Pacific"), ("America/Denver", "Mountain"), ("America/Phoenix", "Arizona (no daylight saving)"),
        ("America/Chicago", "Central"), ("America/New_York", "Eastern"), ("America/Anchorage", "Alaska"), ("Pacific/Honolulu", "Hawaii"),
        ("America/Puerto_Rico", "Puerto Rico"), ("Etc/UTC", "UTC"),
    ];

    [BindProperty]
    public Command Data { get; set; } = new();

    public string DistrictName { get; private set; } = "";
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId), token) is not { } current) return NotFound();
        (DistrictName, Data) = (current.DistrictName, new Command { DistrictId = districtId, TimeZoneId = current.TimeZoneId });
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int districtId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId), token) is not { } current) return NotFound();
        DistrictName = current.DistrictName;
        Data.DistrictId = districtId; // from the route (bound before the form), never from the form
        if (!ModelState.IsValid) return Page();
        var change = await mediator.Send(Data, token);
        Notice = change is null ? "Nothing changed." : $"Saved: {change}.";
        return RedirectToPage(new { districtId });
    }

    public sealed record Query(int DistrictId) : IQuery<Model?>;

    public sealed record Model(string DistrictName, string TimeZoneId);

    /// <summary>Sets the district's zone; answers what changed ("time zone A → B"), or null when nothing did.</summary>
    public sealed class Command : ICommand<string?>
    {
        [BindNever]
        public int DistrictId { get; set; }
        public string? TimeZoneId { get; set; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.TimeZoneId).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Enter a time zone, such as America/Chicago.")
                .Must(id => DisplayTime.FindZone(id) is not null)
                .WithMessage(c =>
                    $"\"{Quote(c.TimeZoneId)}\" is not a time zone Twig knows. Enter one such as America/Chicago or America/New_York.")
                .Must(IsPlace).WithMessage(c => NotAPlace(c.TimeZoneId!.Trim()));

        /// <summary>
        /// A district keeps a place's zone (America/New_York), never an abbreviation or a fixed offset that the zone database
        /// keeps for old systems: "EST" is UTC−5 all year, so an Eastern district's times would read an hour off all summer.
        /// </summary>
        private static bool IsPlace(string? id)
        {
            // The canonical spelling: "etc/gmt+5" is as fixed as "Etc/GMT+5".
            var zone = DisplayTime.FindZone(id)!.Id;
            return zone is "UTC" or "Etc/UTC" || (zone.Contains('/', StringComparison.Ordinal)
                && !zone.StartsWith("Etc/", StringComparison.OrdinalIgnoreCase) && !zone.StartsWith("SystemV/", StringComparison.OrdinalIgnoreCase));
        }

        private static readonly Dictionary<string, string> PlaceFor = new(StringComparer.OrdinalIgnoreCase)
        {
            ["EST"] = "America/New_York", ["EST5EDT"] = "America/New_York", ["CST6CDT"] = "America/Chicago",
            ["MST"] = "America/Denver (or America/Phoenix, where there is no daylight saving)", ["MST7MDT"] = "America/Denver",
            ["PST8PDT"] = "America/Los_Angeles", ["HST"] = "Pacific/Honolulu",
        };

        private static string NotAPlace(string id) =>
            $"\"{Quote(id)}\" is an abbreviation or a fixed offset, not a place's time zone: its times would not follow daylight " +
            $"saving. Enter {(PlaceFor.TryGetValue(id, out var place) ? place : "a place's zone, such as America/Chicago")}.";

        // Never echo more than a short piece of what was typed.
        private static string Quote(string? value) => value is null ? "" : value.Length <= 40 ? value : value[..40] + "…";
    }

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token) =>
            await db.Districts.AsNoTracking().Where(d => d.Id == message.DistrictId && d.DeletedAt == null)
                .Select(d => new Model(d.Name, d.TimeZoneId)).SingleOrDefaultAsync(token);
    }

    public sealed class CommandHandler(TwigDb db, AuditTrail audit) : ICommandHandler<Command, string?>
    {
        public async ValueTask<string?> Handle(Command message, CancellationToken token)
        {
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
            var district = await db.Districts.SingleAsync(d => d.Id == message.DistrictId, token);
            var zone = DisplayTime.FindZone(message.TimeZoneId)!.Id;
            if (district.TimeZoneId == zone) return null;
            var change = $"time zone {district.TimeZoneId} → {zone}";
            district.TimeZoneId = zone;
            audit.Record("district.settings.changed", district.Id, change);
            return change;
        }
    }
}
