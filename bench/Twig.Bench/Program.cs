using Twig.Bench;

var scenario = args.FirstOrDefault() ?? "";
switch (scenario)
{
    case "sandbox-serve":
        var students = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 500_000;
        return await SandboxServeScenario.Run(students);
    case "sandbox-generate":
        return SandboxGenerateScenario.Run(args.Length > 1 && int.TryParse(args[1], out var m) ? m : 500_000);
    default:
        Console.Error.WriteLine("Usage: dotnet run -c Release --project bench/Twig.Bench -- sandbox-serve|sandbox-generate [students]");
        return 2;
}
