using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Twig.Web.Data;
using Twig.Web.Features.DataStewardship;

namespace Twig.Bench;

/// <summary>
/// delete-200k: the 200,000-student sync district is built by a first sync, then its data is deleted through the
/// messages the <c>delete-district</c> verb sends (ScheduleDeletion with Immediately, then DeleteDistrictData). The
/// deletion reports how many delete statements it ran and the most rows any one touched: the batching bound.
/// No floor: a raw batched DELETE of the same rows would measure SQLite, not a choice Twig makes.
/// </summary>
internal static class DeleteScenario
{
    public static async Task RunAsync(TwigHost host, string workDirectory, Results results)
    {
        var shape = new SyncScenarios.Shape("delete", 200_000, 10_000, 300, 500);
        await SyncScenarios.RunAsync(host, shape, workDirectory, new Results(), "initial");
        var slug = $"bench-{shape.Prefix}-{shape.Seed}";
        var districtId = await host.ScopeAsync(sp => sp.GetRequiredService<TwigDb>().Districts.Where(d => d.Slug == slug).Select(d => d.Id).SingleAsync());

        var measured = await Measure.TimeAsync(() => host.ScopeAsync(async sp =>
        {
            // One scope for both, as the verb runs them.
            var mediator = sp.GetRequiredService<IMediator>();
            var deletionId = (await mediator.Send(new ScheduleDeletion.Command(districtId, slug, Immediately: true))).DeletionId;
            return await mediator.Send(new DeleteDistrictData.Command(deletionId));
        }));
        var result = measured.Result;
        if (!result.Completed) throw new InvalidOperationException($"Deletion refused: {result.Refusal}");
        var left = await host.ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TwigDb>();
            return await db.People.CountAsync(p => p.DistrictId == districtId) + await db.Enrollments.CountAsync(e => e.DistrictId == districtId);
        });
        var row = results.Add("delete-200k", measured.Seconds, measured.PeakMb,
            $"{result.Counts.Values.Sum():N0} rows in {result.Counts.Count} tables by {result.Statements:N0} statements, the largest touching {result.LargestStatement:N0} rows; {left} people/enrollments left");
        row.Extra["max_rows_per_statement"] = result.LargestStatement;
        row.Extra["statements"] = result.Statements;
    }
}
