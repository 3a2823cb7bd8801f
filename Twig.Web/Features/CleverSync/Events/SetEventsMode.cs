using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>
/// A support admin turns a district's Clever events mode on or off (off by default, until Clever confirms events are
/// enabled for Twig). Turning it on clears the bookmark: the next run is the full sync that notes where events start.
/// </summary>
public static class SetEventsMode
{
    public sealed record Command(int DistrictId, bool On) : ICommand<string>;

    public sealed class CommandHandler(TwigDb db, AuditTrail audit) : ICommandHandler<Command, string>
    {
        public async ValueTask<string> Handle(Command message, CancellationToken token)
        {
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
            var district = await db.Districts.SingleOrDefaultAsync(d => d.Id == message.DistrictId, token);
            if (district is null) return "No such district.";
            if (district.CleverEventsMode == message.On)
                return message.On ? "Events mode was already on." : "Events mode was already off.";
            district.CleverEventsMode = message.On;
            district.CleverLastEventId = null;
            district.CleverEventsCursorAt = null;
            audit.Record(message.On ? "clever.events-mode.on" : "clever.events-mode.off", district.Id,
                message.On ? "Clever events mode turned on" : "Clever events mode turned off");
            return message.On
                ? "Events mode is on. The next sync is a full one that notes where Clever's events start; later nightly syncs read only " +
                    "the events since."
                : "Events mode is off: every sync reads all of the district's data from Clever.";
        }
    }
}
