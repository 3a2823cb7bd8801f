using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// Sends due pending notifications. Each row is claimed by one conditional UPDATE (pending → sending, stamped with
/// the dispatcher and time) before anything goes over the wire, so two dispatchers never send the same row. A row
/// still "sending" after <see cref="NotificationOptions.ClaimTimeout"/> belongs to a dispatcher that stopped mid-send:
/// whether the server took it is unknown, so it is marked failed (visible to support) instead of sent twice.
/// </summary>
public static class DispatchNotifications
{
    public sealed record Command(string Worker, int Max = 50) : ICommand<Result>, IOwnsTransaction;

    public sealed record Result(int Sent, int Retrying, int Failed);

    private const string AbandonedMessage =
        "Twig stopped while sending this message, so it may or may not have been delivered; it is not sent again automatically.";

    public sealed class CommandHandler(TwigDb db, MailSender sender, IOptions<NotificationOptions> options, TimeProvider clock,
        ILogger<CommandHandler> logger) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var settings = options.Value;
            var now = clock.GetUtcNow().UtcDateTime;
            var stale = now - settings.ClaimTimeout;
            var abandoned = await db.Notifications
                .Where(n => n.Status == NotificationStatus.Sending && n.ClaimedAt < stale)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(n => n.Status, NotificationStatus.Failed)
                    .SetProperty(n => n.LastError, AbandonedMessage), token);
            if (abandoned > 0)
                logger.LogWarning("{Count} notification(s) were left mid-send by a stopped dispatcher and are marked failed", abandoned);
            if (!settings.EmailEnabled) return new Result(0, 0, abandoned);

            var due = await db.Notifications.AsNoTracking()
                .Where(n => n.Status == NotificationStatus.Pending && (n.NextAttemptAt == null || n.NextAttemptAt <= now))
                .OrderBy(n => n.Id).Select(n => n.Id).Take(message.Max).ToListAsync(token);
            int sent = 0, retrying = 0, failed = abandoned;
            foreach (var id in due)
            {
                var claimedAt = clock.GetUtcNow().UtcDateTime;
                var claimed = await db.InTransactionAsync(
                    ct => db.Notifications
                        .Where(n => n.Id == id && n.Status == NotificationStatus.Pending
                                    && (n.NextAttemptAt == null || n.NextAttemptAt <= now))
                        .ExecuteUpdateAsync(set => set
                            .SetProperty(n => n.Status, NotificationStatus.Sending)
                            .SetProperty(n => n.ClaimedBy, message.Worker)
                            .SetProperty(n => n.ClaimedAt, claimedAt)
                            .SetProperty(n => n.Attempts, n => n.Attempts + 1), ct),
                    // A lost acknowledgement must not leave the row claimed by us yet skipped (it would later be failed as abandoned).
                    async ct => await db.Notifications.AnyAsync(n => n.Id == id && n.Status == NotificationStatus.Sending
                                                                     && n.ClaimedBy == message.Worker && n.ClaimedAt == claimedAt, ct)
                        ? TwigDbTransactions.Committed(1)
                        : TwigDbTransactions.NotCommitted<int>(),
                    token);
                if (claimed != 1) continue;
                var notification = await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id, token);
                try
                {
                    await sender.SendAsync(notification, token);
                    await Mark(id, message.Worker, NotificationStatus.Sent, null, null, sentAt: clock.GetUtcNow().UtcDateTime);
                    sent++;
                }
                catch (MailNotSentException ex) when (ex.DefinitelyNotSent && notification.Attempts < settings.MaxAttempts)
                {
                    var delay = Backoff(settings, notification.Attempts);
                    await Mark(id, message.Worker, NotificationStatus.Pending, ex.Message, clock.GetUtcNow().UtcDateTime + delay);
                    logger.LogWarning("Notification {Id} not sent (attempt {Attempt}); retrying in {Delay}: {Reason}",
                        id, notification.Attempts, delay, ex.Message);
                    retrying++;
                }
                catch (MailNotSentException ex)
                {
                    var why = ex.DefinitelyNotSent
                        ? $"Gave up after {notification.Attempts} attempts: {ex.Message}"
                        : $"{ex.Message} It may or may not have been delivered, so it is not sent again automatically.";
                    await Mark(id, message.Worker, NotificationStatus.Failed, why, null);
                    logger.LogWarning("Notification {Id} failed: {Reason}", id, why);
                    failed++;
                }
                catch (OperationCanceledException)
                {
                    // Stopping before the hand-over started is safe to retry; the sender only lets cancellation through then.
                    await Mark(id, message.Worker, NotificationStatus.Pending, "Twig stopped before sending.", null);
                    throw;
                }
            }
            return new Result(sent, retrying, failed);
        }

        /// <summary>Settles the row only while this dispatcher still holds it.</summary>
        private Task<int> Mark(long id, string worker, NotificationStatus status, string? error, DateTime? nextAttemptAt,
            DateTime? sentAt = null)
        {
            var lastError = error is { Length: > 1000 } ? error[..1000] : error;
            return db.Notifications
                .Where(n => n.Id == id && n.Status == NotificationStatus.Sending && n.ClaimedBy == worker)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(n => n.Status, status)
                    .SetProperty(n => n.LastError, lastError)
                    .SetProperty(n => n.NextAttemptAt, nextAttemptAt)
                    .SetProperty(n => n.SentAt, sentAt), CancellationToken.None);
        }

        public static TimeSpan Backoff(NotificationOptions settings, int attempts)
        {
            var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
            var delay = TimeSpan.FromTicks((long)Math.Min(settings.RetryBaseDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
            return delay;
        }
    }
}
