namespace Twig.Bench;

internal static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var scenario = args.FirstOrDefault() ?? "";
        int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var n) ? n : fallback;
        var work = Path.Combine(Path.GetTempPath(), "twig-bench");

        switch (scenario)
        {
            case "sandbox-serve":
                return await SandboxServeScenario.Run(Arg(1, 500_000));
            case "sandbox-host":
                return await SandboxProcess.HostAsync(args.Skip(1).ToList());
            case "sandbox-generate":
                return SandboxGenerateScenario.Run(Arg(1, 500_000));
            case "signin" or "sync-profile" or "plan-profile" or "sync-initial" or "sync-nochange" or "sync-1pct" or "sync" or "csv-100k" or "csv-100k-1pct" or "csv" or "sync-500k" or "delete-200k" or "oneroster-100k" or "sync-1pct-events" or "sync-upgrade" or "events-profile" or "csv-profile" or "all":
                break;
            default:
                Console.Error.WriteLine("Usage: dotnet run -c Release --project bench/Twig.Bench -- <scenario>");
                Console.Error.WriteLine("  all                                    sync-initial, sync-nochange, sync-1pct, signin, csv-100k, csv-100k-1pct, sync-1pct-events");
                Console.Error.WriteLine("  sync | sync-initial | sync-nochange | sync-1pct   (each runs the syncs before it: they build its starting point)");
                Console.Error.WriteLine("  csv | csv-100k | csv-100k-1pct");
                Console.Error.WriteLine("  csv-profile [repeats]                  the 1 % users.csv parsed, then imported, repeatedly (each step's parts)");
                Console.Error.WriteLine("  signin                                 Clever sign-in round trips (after a first sync of a 20,000-student district)");
                Console.Error.WriteLine("  sync-1pct-events                       the sync-1pct night read from Clever's Events API, against sync-1pct in the same run");
                Console.Error.WriteLine("  plan-profile                           the sync-1pct night fetched once and planned eight times (planning's steps, warm and cold)");
                Console.Error.WriteLine("  sync-500k                              a 500,000-student district: first, unchanged and 1 % nightly syncs (sandbox in its own process)");
                Console.Error.WriteLine("  sync-upgrade                           the first night after a release that changes the membership hash (every section compared once)");
                Console.Error.WriteLine("  delete-200k                            delete a 200,000-student district's data (after its first sync): seconds and rows per statement");
                Console.Error.WriteLine("  oneroster-100k                         a 100,000-student OneRoster bulk package: preview and apply (not in all)");
                Console.Error.WriteLine("  sandbox-serve [students] | sandbox-generate [students] | sandbox-host name,seed,students,teachers,schools ...");
                return 2;
        }

        if (scenario is "signin" && !System.Runtime.GCSettings.IsServerGC && Environment.GetEnvironmentVariable("DOTNET_gcServer") is null)
            return await SignInScenario.RelaunchWithServerGcAsync(args);

        var results = new Results();
        // sync-500k: the sandbox (the whole district in memory) in a process of its own, so the peak measured here is Twig's.
        var sync500k = new SyncScenarios.Shape("sync-500k", 500_000, 25_000, 750, 501);
        using var cleverProcess = scenario is "sync-500k"
            ? await SandboxProcess.StartAsync([SyncScenarios.DistrictOptions(sync500k), SyncScenarios.WarmUpOptions(sync500k)])
            : null;
        using (var host = await TwigHost.StartAsync(work, cleverProcess?.Address))
        {
            Console.WriteLine($"Twig{(cleverProcess is null ? " and its sandbox" : "")} on {host.Address}, SQLite file {host.DatabasePath}");
            if (scenario is "all" or "sync" or "sync-profile" or "plan-profile" or "sync-initial" or "sync-nochange" or "sync-1pct")
            {
                var stop = scenario switch { "sync-initial" => "initial", "sync-nochange" => "nochange", "sync-profile" => "profile", "plan-profile" => "plan-profile", _ => null };
                var synced = await SyncScenarios.RunAsync(host, new SyncScenarios.Shape("sync", 200_000, 10_000, 300, 500), work, results, stop);
                if (scenario is "all") await SignInScenario.RunAsync(host, synced.Sandbox, results);
            }
            if (scenario is "signin")
            {
                var small = await SyncScenarios.RunAsync(host, new SyncScenarios.Shape("signin-district", 20_000, 1_000, 40, 502), work, new Results(), "initial");
                await SignInScenario.RunAsync(host, small.Sandbox, results);
            }
            if (scenario is "all" or "csv" or "csv-100k" or "csv-100k-1pct")
                await CsvScenarios.RunAsync(host, 100_000, work, results);
            if (scenario is "all" or "sync-1pct-events")
                await EventsScenario.RunAsync(host, results);
            if (scenario is "sync-500k")
                await SyncScenarios.RunAsync(host, sync500k, work, results, null, cleverProcess);
            if (scenario is "oneroster-100k")
                await OneRosterScenario.RunAsync(host, 100_000, work, results);
            if (scenario is "csv-profile")
                await CsvProfile.RunAsync(host, Arg(1, 6));
            if (scenario is "events-profile")
                await EventsProfile.RunAsync(host, 6);
            if (scenario is "sync-upgrade")
                await UpgradeScenario.RunAsync(host, work, results);
            if (scenario is "delete-200k")
                await DeleteScenario.RunAsync(host, work, results);
        }
        Measure.Print(results.Rows, results.Floors);
        return 0;
    }
}
