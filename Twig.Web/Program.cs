using Twig.Web.Data;
using Twig.Web.Features.DistrictAdmin;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Messaging;
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
    if (!environment.IsDevelopment()) builder.Logging.ClearProviders().AddJsonConsole();

    // Platform
    builder.Services
        .AddTwigDatabase(configuration, environment)
        .AddTwigMessaging()
        .AddTwigIdentity(environment)
        .AddTwigAuthorization()
        .AddTwigWeb();
    builder.Services.AddSingleton<ICommandLineVerb, MigrateVerb>();

    // Features
    builder.Services.AddDistrictAdmin();
    builder.Services.AddUsersCsvImport(configuration);

    var app = builder.Build();
    if (commandLine)
    {
        await app.Services.GetRequiredService<StartupTasks>().RunAsync(seedDemo: false, CancellationToken.None);
        return await CommandLineRunner.RunAsync(app.Services, args, Console.Out, Console.Error, CancellationToken.None);
    }

    app.UseTwigWeb();
    await app.RunAsync();
    return 0;
}
catch (StartupConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"Twig cannot start: {ex.Message}");
    return 1;
}
