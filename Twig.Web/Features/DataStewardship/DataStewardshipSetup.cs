using Coravel;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.DataStewardship;

public static class DataStewardshipSetup
{
    public static IServiceCollection AddDataStewardship(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DataStewardshipOptions>(configuration.GetSection(DataStewardshipOptions.Section));
        services.AddTransient<RetentionJob.Invocable>();
        services.AddTransient<DeletionJob.Invocable>();
        services.AddTransient<ExportQueue.Invocable>();
        services.AddSingleton<ICommandLineVerb, DeleteDistrictVerb>();
        services.AddSingleton<ICommandLineVerb, ExportDistrictVerb>();
        // The owner's page lives at /district/data; staff reach the same page for any district.
        services.Configure<RazorPagesOptions>(options =>
            options.Conventions.AddPageRoute("/DataStewardship/DistrictData", "/support/districts/{districtId:int}/data"));
        return services;
    }

    /// <summary>Retention daily at DataStewardship:RetentionHourUtc; due deletions hourly; the export queue every ten seconds.</summary>
    public static WebApplication UseDataStewardshipSchedule(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Scheduler:Enabled", true)) return app;
        var hour = app.Configuration.GetValue($"{DataStewardshipOptions.Section}:RetentionHourUtc", new DataStewardshipOptions().RetentionHourUtc);
        app.Services.UseScheduler(scheduler =>
        {
            scheduler.Schedule<RetentionJob.Invocable>().DailyAtHour(hour).PreventOverlapping(nameof(RetentionJob));
            scheduler.Schedule<DeletionJob.Invocable>().Hourly().PreventOverlapping(nameof(DeletionJob));
            scheduler.Schedule<ExportQueue.Invocable>().EveryTenSeconds().PreventOverlapping(nameof(ExportQueue));
        }).OnError(ex => app.Services.GetRequiredService<ILogger<RetentionJob.Invocable>>().LogError(ex, "A scheduled data stewardship job failed"));
        return app;
    }
}
