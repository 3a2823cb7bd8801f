using Coravel;
using Twig.Sandbox;
using Twig.Web.Data;
using Twig.Web.Features.CleverSync;
using Twig.Web.Features.DataStewardship;
using Twig.Web.Features.DistrictAdmin;
using Twig.Web.Features.Login;
using Twig.Web.Features.Notifications;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Messaging;
using Twig.Web.Infrastructure.Scheduling;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

// One binary, two faces: with a verb (migrate, create-district, ...) it runs an operator command with the
// app's configuration and services; without one it serves Twig.
var commandLine = CommandLineRunner.LooksLikeVerb(args);
try
{
    var builder = WebApplication.CreateBuilder(commandLine ? [] : args);
    var configuration = builder.Configuration;
    var environment = builder.Environment;
    TwigSettings.Check(configuration, environment);
    var sandbox = configuration.GetValue<bool>("Sandbox:Enabled");
    if (commandLine)
    {
        // An operator command runs alone: no background syncs or schedules competing with it.
        configuration["Sync:WorkerEnabled"] = "false";
        configuration["Scheduler:Enabled"] = "false";
        configuration["Notifications:DispatcherEnabled"] = "false";
    }
    if (!environment.IsDevelopment()) builder.Logging.ClearProviders().AddJsonConsole();

    // Platform
    builder.Services
        .AddTwigDatabase(configuration, environment)
        .AddTwigMessaging()
        .AddTwigIdentity(configuration, environment)
        .AddTwigAuthorization()
        .AddTwigWeb()
        .AddTwigForwardedHeaders(configuration);
    builder.Services.AddSingleton<ICommandLineVerb, MigrateVerb>();

    builder.Services.AddScheduler();
    builder.Services.AddSingleton<SelfUrl>();
    builder.Services.AddSingleton<SupportContact>();

    // Features
    builder.Services.AddDistrictAdmin();
    builder.Services.AddTwigSignIn(configuration, environment);
    builder.Services.AddTwigSignInLog();
    builder.Services.AddCleverSync(configuration);
    builder.Services.AddUsersCsvImport(configuration);
    builder.Services.AddOneRosterImport(configuration);
    builder.Services.AddNotifications(configuration, environment);
    builder.Services.AddDataStewardship(configuration);
    if (sandbox) builder.Services.AddTwigSandbox(configuration.GetSection("Sandbox"));

    var app = builder.Build();
    app.UseTwigWeb();
    if (sandbox) app.MapTwigSandbox();
    if (commandLine)
    {
        var invocation = CommandLineRunner.Parse(app.Services, args, Console.Out, Console.Error);
        // Help and usage errors answer before any start-up work: no database or sandbox needed.
        if (!invocation.RunsVerb) return await invocation.InvokeAsync(CancellationToken.None);
        // With the sandbox on, the command needs it reachable over HTTP like the real Clever: serve on a private loopback port.
        if (sandbox)
        {
            app.Urls.Clear();
            app.Urls.Add("http://127.0.0.1:0");
            await app.StartAsync();
        }
        else await app.Services.GetRequiredService<StartupTasks>().RunAsync(seedDemo: false, CancellationToken.None);
        var exitCode = await invocation.InvokeAsync(CancellationToken.None);
        if (sandbox) await app.StopAsync();
        return exitCode;
    }

    app.UseTwigSchedules();
    await app.RunAsync();
    return 0;
}
catch (StartupConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"Twig cannot start: {ex.Message}");
    return 1;
}
