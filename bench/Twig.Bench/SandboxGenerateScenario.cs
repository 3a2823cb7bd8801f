using System.Diagnostics;
using System.Text.Json;
using Twig.Sandbox;
using Twig.Sandbox.Configuration;

namespace Twig.Bench;

/// <summary>
/// sandbox-generate: the generator alone (no HTTP): builds and serializes every student of a district
/// to a null stream. It is the floor under sandbox-serve and tells how much of a sync benchmark the
/// sandbox itself costs.
/// </summary>
internal static class SandboxGenerateScenario
{
    public static int Run(int students)
    {
        var sandbox = new CleverSandbox(new SandboxOptions
        {
            Districts = [new SandboxDistrictOptions { Name = "Bench Unified", Seed = 500, Students = students }],
        }, TimeProvider.System);
        var roster = sandbox.Districts[0].Roster;
        using var writer = new Utf8JsonWriter(Stream.Null);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var timer = Stopwatch.StartNew();
        var count = 0;
        foreach (var user in roster.Users("student"))
        {
            JsonSerializer.Serialize(writer, user, BenchJsonContext.Default.CleverUser);
            writer.Flush();
            writer.Reset();
            count++;
        }
        timer.Stop();
        var allocatedPerRecord = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / Math.Max(1, count);
        var process = Process.GetCurrentProcess();
        Console.WriteLine($"sandbox-generate: {count:N0} students built and serialized in {timer.Elapsed.TotalSeconds:F2} s ({count / timer.Elapsed.TotalSeconds:N0}/s), {allocatedPerRecord:N0} bytes allocated per record");
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["scenario"] = "sandbox-generate",
            ["seconds"] = Math.Round(timer.Elapsed.TotalSeconds, 2),
            ["peak_working_set_mb"] = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
            ["records"] = count,
            ["records_per_second"] = Math.Round(count / timer.Elapsed.TotalSeconds),
            ["allocated_bytes_per_record"] = allocatedPerRecord,
        }));
        return 0;
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Twig.Sandbox.Model.CleverUser))]
internal sealed partial class BenchJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
