using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// Active students and teachers per day over the last days, with every sync run's outcome, for the dashboard chart.
/// Daily counts are rebuilt from when people were created and deactivated (no snapshots are stored), so a person
/// deactivated and later reactivated counts as active throughout.
/// </summary>
public static class DistrictActivity
{
    public const int Days = 90;

    /// <summary>The shortest span shown, so a brand-new district still gets a readable week.</summary>
    public const int MinimumDays = 7;

    public sealed record Query(int DistrictId) : IQuery<Result>;

    public sealed record Day(DateOnly Date, int Students, int Teachers);

    public sealed record RunMark(int Id, DateOnly Date, SyncRunStatus Status);

    public sealed record Result(IReadOnlyList<Day> Series, IReadOnlyList<RunMark> Runs, int Seats)
    {
        public const int Width = 720, Height = 260, Left = 56, Right = 12, Top = 12, PlotBottom = 200, StripY = 228;

        public int Max => Math.Max(10, (int)Math.Ceiling(Math.Max(Seats,
            Series.Count == 0 ? 0 : Series.Max(d => Math.Max(d.Students, d.Teachers))) * 1.1));

        public double X(DateOnly date) => Series.Count < 2 ? Left
            : Left + (date.DayNumber - Series[0].Date.DayNumber) * (double)(Width - Left - Right) / (Series.Count - 1);

        public double Y(int value) => PlotBottom - value * (double)(PlotBottom - Top) / Max;

        public string Points(Func<Day, int> value) =>
            string.Join(' ', Series.Select(d => F(X(d.Date)) + "," + F(Y(value(d)))));

        /// <summary>This chart with one run's status as the dashboard read it last.</summary>
        public Result WithStatus(int runId, SyncRunStatus status) =>
            this with { Runs = [.. Runs.Select(r => r.Id == runId ? r with { Status = status } : r)] };

        public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        /// <summary>Days that get a date label: about six, evenly spaced, always the last.</summary>
        public IEnumerable<Day> Ticks()
        {
            var step = Math.Max(1, (int)Math.Ceiling(Series.Count / 6.0));
            return Series.Where((_, i) => i % step == 0 && Series.Count - 1 - i >= step / 2).Append(Series[^1]);
        }

        /// <summary>Round values for the vertical axis: 0, half and the top.</summary>
        public IEnumerable<int> ValueTicks() => [0, Max / 2, Max];

        public static string Colour(SyncRunStatus status) => status switch
        {
            SyncRunStatus.Succeeded => "#198754",
            SyncRunStatus.SucceededWithWarnings => "#0aa2c0",
            SyncRunStatus.Failed or SyncRunStatus.Interrupted => "#dc3545",
            SyncRunStatus.HeldForReview or SyncRunStatus.BlockedByLicense or SyncRunStatus.Skipped => "#e0a800",
            SyncRunStatus.Queued or SyncRunStatus.Running => "#0d6efd",
            _ => "#6c757d",
        };
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query message, CancellationToken token)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var first = today.AddDays(-(Days - 1));
            var start = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var people = db.People.AsNoTracking().Where(p => p.DistrictId == message.DistrictId);
            const PersonRoles student = PersonRoles.Student, teacher = PersonRoles.Teacher;

            var baseStudents = await people.CountAsync(p => (p.Roles & student) == student && p.CreatedAt < start
                && (p.DeactivatedAt == null || p.DeactivatedAt >= start) && (p.IsActive || p.DeactivatedAt != null), token);
            var baseTeachers = await people.CountAsync(p => (p.Roles & teacher) == teacher && p.CreatedAt < start
                && (p.DeactivatedAt == null || p.DeactivatedAt >= start) && (p.IsActive || p.DeactivatedAt != null), token);
            var changes = await people
                .Where(p => ((p.Roles & student) == student || (p.Roles & teacher) == teacher)
                            && (p.CreatedAt >= start || p.DeactivatedAt >= start))
                .Select(p => new { p.Roles, p.CreatedAt, p.DeactivatedAt, p.IsActive })
                .ToListAsync(token);

            var deltaStudents = new int[Days];
            var deltaTeachers = new int[Days];
            foreach (var p in changes)
            {
                var deltas = new List<(int Index, int Change)>();
                if (p.CreatedAt >= start && (p.IsActive || p.DeactivatedAt != null)) deltas.Add((Index(p.CreatedAt), +1));
                if (p.DeactivatedAt is { } gone && gone >= start) deltas.Add((Index(gone), -1));
                foreach (var (index, change) in deltas)
                {
                    if ((p.Roles & student) == student) deltaStudents[index] += change;
                    if ((p.Roles & teacher) == teacher) deltaTeachers[index] += change;
                }
            }

            var series = new List<Day>(Days);
            int students = baseStudents, teachers = baseTeachers;
            for (var i = 0; i < Days; i++)
            {
                students += deltaStudents[i];
                teachers += deltaTeachers[i];
                series.Add(new Day(first.AddDays(i), Math.Max(0, students), Math.Max(0, teachers)));
            }

            var runs = await db.SyncRuns.AsNoTracking()
                .Where(r => r.DistrictId == message.DistrictId && r.RequestedAt >= start)
                .OrderBy(r => r.Id)
                .Select(r => new { r.Id, r.RequestedAt, r.StartedAt, r.Status })
                .ToListAsync(token);
            // The chart starts the day before the first person or run, so a new district's line is not 80 days of zeros.
            var firstPerson = series.FindIndex(d => d.Students > 0 || d.Teachers > 0);
            var firstRun = runs.Count == 0 ? -1 : Index(runs.Min(r => r.StartedAt ?? r.RequestedAt));
            var firstData = new[] { firstPerson, firstRun }.Where(i => i >= 0).DefaultIfEmpty(Days - 1).Min();
            var from = Math.Clamp(firstData - 1, 0, Days - MinimumDays);
            series = series.Skip(from).ToList();
            var seats = await db.Subscriptions.Where(s => s.DistrictId == message.DistrictId).Select(s => s.LicensedStudentSeats)
                .SingleOrDefaultAsync(token);
            return new Result(series, runs.Select(r => new RunMark(r.Id, DateOnly.FromDateTime(r.StartedAt ?? r.RequestedAt), r.Status))
                .ToList(), seats);

            int Index(DateTime at) => Math.Clamp(DateOnly.FromDateTime(at).DayNumber - first.DayNumber, 0, Days - 1);
        }
    }
}
