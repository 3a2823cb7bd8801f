using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Scheduling;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.DataStewardship;

public static class DataStewardshipSetup
{
    public static IServiceCollection AddDataStewardship(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DataStewardshipOptions>(configuration.GetSection(DataStewardshipOptions.Section));
        services.AddTransient<RetentionJob.Invocable>();
        services.AddTransient<DeletionJob.Invocable>();
        services.AddTransient<ExportQueue.Invocable>();
        services.AddSingleton<IScheduleContributor, DataStewardshipSchedule>();
        services.AddSingleton<ICommandLineVerb, DeleteDistrictVerb>();
        services.AddSingleton<ICommandLineVerb, ExportDistrictVerb>();
        // The owner's page lives at /district/data; staff reach the same page for any district.
        services.Configure<RazorPagesOptions>(options =>
            options.Conventions.AddSupportPageRoute("/DataStewardship/DistrictData", "/support/districts/{districtId:int}/data"));
        return services;
    }
}

/// <summary>Retention daily at DataStewardship:RetentionHourUtc; due deletions hourly; the export queue every ten seconds.</summary>
public sealed class DataStewardshipSchedule(IOptions<DataStewardshipOptions> options) : IScheduleContributor
{
    public void Schedule(TwigSchedule schedule)
    {
        var hour = options.Value.RetentionHourUtc;
        schedule.Job<RetentionJob.Invocable>(at => at.DailyAtHour(hour));
        schedule.Job<DeletionJob.Invocable>(at => at.Hourly());
        schedule.Job<ExportQueue.Invocable>(at => at.EveryTenSeconds());
    }
}
