using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>Every district's state at a glance, as badges support can filter on.</summary>
public static class DistrictHealth
{
    public sealed record Query(int? DistrictId = null) : IQuery<IReadOnlyList<Model>>;

    public sealed record Model
    {
        public required int Id { get; init; }
        public required string Name { get; init; }
        public required string Slug { get; init; }
        public required DistrictConnectionState Connection { get; init; }
        public required int Seats { get; init; }
        public required int Used { get; init; }
        public SubscriptionStatus? Subscription { get; init; }
        public SyncRunStatus? LastOutcome { get; init; }
        public DateTime? LastSuccessAt { get; init; }
        /// <summary>When the district's last upload (users.csv, classes.csv or a OneRoster package) was applied.</summary>
        public DateTime? LastUploadAt { get; init; }
        public required bool Held { get; init; }

        /// <summary>How fresh the roster is, whatever keeps it: the later of the last successful sync and the last applied upload.</summary>
        public (DateTime At, string How)? LastRosterUpdate => (LastSuccessAt, LastUploadAt) switch
        {
            ({ } sync, { } upload) when upload > sync => (upload, "upload"),
            ({ } sync, _) => (sync, "sync"),
            (null, { } upload) => (upload, "upload"),
            _ => null,
        };
        public required bool Running { get; init; }
        public required IReadOnlyList<Badge> Badges { get; init; }
    }

    public enum Badge
    {
        Failed,
        Held,
        BlockedByLicence,
        Disconnected,
        NoRecentSync,
        OverLicence,
        PendingApproval,
        Expired,
    }

    public static string Describe(this Badge badge) => badge switch
    {
        Badge.Failed => "Failed",
        Badge.Held => "Held for review",
        Badge.BlockedByLicence => "Blocked by licence",
        Badge.Disconnected => "Disconnected",
        Badge.NoRecentSync => "No recent successful sync",
        Badge.OverLicence => "Over licence",
        Badge.PendingApproval => "Waiting for approval",
        _ => "Subscription expired",
    };

    public static string CssClass(this Badge badge) => badge switch
    {
        Badge.Failed or Badge.Disconnected or Badge.OverLicence or Badge.Expired => "text-bg-danger",
        Badge.PendingApproval => "text-bg-info",
        _ => "text-bg-warning",
    };

    /// <summary>The filter value in URLs (<c>?status=held</c>).</summary>
    public static string Key(this Badge badge) => badge.ToString().ToLowerInvariant();

    public sealed class QueryHandler(TwigDb db, TimeProvider clock, IOptions<SyncFreshness> freshness)
        : IQueryHandler<Query, IReadOnlyList<Model>>
    {
        public async ValueTask<IReadOnlyList<Model>> Handle(Query message, CancellationToken token) =>
            await ReadAsync(db, freshness.Value, clock.GetUtcNow().UtcDateTime, message.DistrictId, token);
    }

    /// <summary>Every district's health (or one district's), read for the support console and a district's support page alike.</summary>
    public static async Task<IReadOnlyList<Model>> ReadAsync(TwigDb db, SyncFreshness freshness, DateTime now, int? districtId,
        CancellationToken token)
    {
        var today = DateOnly.FromDateTime(now);
        var rows = await db.Districts.AsNoTracking()
            .Where(d => districtId == null || d.Id == districtId)
            .OrderByName(d => d.Name)
            .Select(d => new
            {
                d.Id, d.Name, d.Slug,
                ConnectionState = d.CleverConnection == null ? (CleverConnectionState?)null : d.CleverConnection.State,
                Seats = d.Subscription == null ? 0 : d.Subscription.LicensedStudentSeats,
                Status = d.Subscription == null ? (SubscriptionStatus?)null : d.Subscription.Status,
                EndsOn = d.Subscription == null ? null : d.Subscription.EndsOn,
                Used = db.People.Where(ActiveStudent.Predicate).Count(p => p.DistrictId == d.Id),
                LastOutcome = db.SyncRuns.Where(r => r.DistrictId == d.Id && (r.Status == SyncRunStatus.Succeeded
                        || r.Status == SyncRunStatus.SucceededWithWarnings || r.Status == SyncRunStatus.Failed
                        || r.Status == SyncRunStatus.Interrupted || r.Status == SyncRunStatus.BlockedByLicense
                        || r.Status == SyncRunStatus.HeldForReview))
                    .OrderByDescending(r => r.Id).Select(r => (SyncRunStatus?)r.Status).FirstOrDefault(),
                LastSuccessAt = db.SyncRuns.Where(r => r.DistrictId == d.Id).Where(SyncRun.Succeeded)
                    .Max(r => r.FinishedAt),
                LastUploadAt = db.CsvImports.Where(i => i.DistrictId == d.Id && i.Status == CsvImportStatus.Applied).Max(i => i.AppliedAt),
                Held = db.SyncRuns.Any(r => r.DistrictId == d.Id && r.Status == SyncRunStatus.HeldForReview),
                Running = db.SyncRuns.Where(r => r.DistrictId == d.Id).Any(SyncRun.Active),
            })
            .ToListAsync(token);

        return rows.Select(r =>
        {
            var connection =
                new District { CleverConnection = r.ConnectionState is { } s ? new CleverConnection { State = s } : null }.ConnectionState;
            var subscription = r.Status is { } status ? Subscription.EffectiveStatusOf(status, r.EndsOn, today) : (SubscriptionStatus?)null;
            var badges = new List<Badge>();
            if (r.LastOutcome is SyncRunStatus.Failed or SyncRunStatus.Interrupted) badges.Add(Badge.Failed);
            if (r.Held) badges.Add(Badge.Held);
            if (r.LastOutcome == SyncRunStatus.BlockedByLicense) badges.Add(Badge.BlockedByLicence);
            if (connection == DistrictConnectionState.Disconnected) badges.Add(Badge.Disconnected);
            if (connection == DistrictConnectionState.PendingApproval) badges.Add(Badge.PendingApproval);
            if ((connection is DistrictConnectionState.Connected or DistrictConnectionState.Rechecking)
                && (r.LastSuccessAt is null || freshness.IsStale(r.LastSuccessAt.Value, now))) badges.Add(Badge.NoRecentSync);
            if (r.Used > r.Seats) badges.Add(Badge.OverLicence);
            if (subscription is null or SubscriptionStatus.Expired) badges.Add(Badge.Expired);
            return new Model
            {
                Id = r.Id,
                Name = r.Name,
                Slug = r.Slug,
                Connection = connection,
                Seats = r.Seats,
                Used = r.Used,
                Subscription = subscription,
                LastOutcome = r.LastOutcome,
                LastSuccessAt = r.LastSuccessAt,
                LastUploadAt = r.LastUploadAt,
                Held = r.Held,
                Running = r.Running,
                Badges = badges,
            };
        }).ToList();
    }
}
