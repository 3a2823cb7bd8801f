using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sylvan.Data.Csv;
using Twig.Sandbox.OneRoster;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;

namespace Twig.Bench;

/// <summary>
/// oneroster-100k: a generated 100,000-student OneRoster 1.1 bulk package (4,000 classes, 400,000 student enrollments)
/// through the preview (<see cref="ImportOneRoster.Command"/> with DryRun) and the apply (the same command), as the
/// <c>import-oneroster</c> verb sends them. Floors: (c) unzip and read every field of every file with Sylvan; (b) insert
/// the rows the apply wrote (schools, people, school links, sections, enrollments) with raw prepared inserts.
/// </summary>
internal static class OneRosterScenario
{
    public static async Task RunAsync(TwigHost host, int students, string workDirectory, Results results)
    {
        var districtId = await host.ScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TwigDb>();
            var district = new District
            {
                Name = "Bench OneRoster", Slug = $"bench-or-{Guid.NewGuid():N}"[..20], CreatedAt = DateTime.UtcNow, RosterSource = RosterSource.OneRoster,
                Subscription = new Subscription { Status = SubscriptionStatus.Active, LicensedStudentSeats = students * 2, StartsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1) },
            };
            db.Districts.Add(district);
            await db.SaveChangesAsync();
            return district.Id;
        });

        var zip = OneRosterPackageGenerator.Generate(students, "B");
        var shape = OneRosterPackageGenerator.ShapeOf(students);
        Console.WriteLine($"[oneroster] package: {students:N0} students, {shape.Classes:N0} classes, {shape.Enrollments:N0} enrollments, {zip.Length / 1048576.0:F1} MB zipped");

        var parseCpu = Cpu.Seconds();
        var parse = await Measure.TimeAsync(() => Task.FromResult(ParseFloor(zip)));
        parseCpu = Cpu.Seconds() - parseCpu;
        results.Floor("oneroster (c) unzip + parse", parse.Seconds, $"{parse.Result:N0} rows, every field read as a string with Sylvan");

        // Where a preview's time goes, timed piece by piece on the empty district before the measured run (not part of it).
        var (readCpuSeconds, readSeconds, planSeconds) = await host.ScopeAsync(async sp =>
        {
            var state = await OneRosterState.LoadAsync(sp.GetRequiredService<TwigDb>(), districtId, TimeProvider.System,
                CancellationToken.None);
            var (cpu, timer) = (Cpu.Seconds(), Stopwatch.StartNew());
            var package = OneRosterReader.Read(zip, sp.GetRequiredService<IOptions<OneRosterOptions>>().Value, state.Known, state.Today,
                allowPasswords: false);
            var (read, readCpu) = (timer.Elapsed.TotalSeconds, Cpu.Seconds() - cpu);
            OneRosterPlan.Build(package, state);
            return (readCpu, read, timer.Elapsed.TotalSeconds - read);
        });
        Console.WriteLine($"[oneroster] preview pieces: read package {readSeconds:F2} s ({readCpuSeconds:F2} s of CPU), plan {planSeconds:F2} s");

        var runCpu = Cpu.Seconds();
        var run = await Measure.TimeAsync(async () =>
        {
            var timer = Stopwatch.StartNew();
            var cpu = Cpu.Seconds();
            var preview = await host.SendAsync(new ImportOneRoster.Command(districtId, "bench.zip", zip, DryRun: true));
            if (preview.Outcome != ImportOneRoster.Outcome.Previewed) throw new InvalidOperationException($"Preview ended {preview.Outcome}: {preview.Message} {string.Join("; ", preview.Issues.Take(5))}");
            var previewed = timer.Elapsed.TotalSeconds;
            var previewCpu = Cpu.Seconds() - cpu;
            var applied = await host.SendAsync(new ImportOneRoster.Command(districtId, "bench.zip", zip, DryRun: false));
            if (applied.Outcome != ImportOneRoster.Outcome.Applied) throw new InvalidOperationException($"Apply ended {applied.Outcome}: {applied.Message}");
            var p = applied.Preview!;
            return $"preview {previewed:F1}s ({previewCpu:F1}s CPU), apply {timer.Elapsed.TotalSeconds - previewed:F1}s ({Cpu.Seconds() - cpu - previewCpu:F1}s CPU); +{p.PeopleCreated:N0} people, +{p.ClassesCreated:N0} classes, +{p.EnrollmentsAdded:N0} enrollments";
        });
        runCpu = Cpu.Seconds() - runCpu;
        var row = results.Add($"oneroster-{students / 1000}k", run.Seconds, run.PeakMb, run.Result);

        var d = districtId.ToString(CultureInfo.InvariantCulture);
        var (insertSeconds, insertCpu, insertRows) = InsertFloor.Time(host.DatabasePath, workDirectory,
        [
            new("Schools", $"\"DistrictId\"={d}"),
            new("People", $"\"DistrictId\"={d}"),
            new("PersonSchools", $"\"PersonId\" IN (SELECT \"Id\" FROM src.\"People\" WHERE \"DistrictId\"={d})"),
            new("Sections", $"\"DistrictId\"={d}"),
            new("Enrollments", $"\"DistrictId\"={d}"),
        ]);
        results.Floor("oneroster (b) insert", insertSeconds, $"{insertRows:N0} rows (schools, people, school links, sections, enrollments)");
        row.FloorSeconds = parse.Seconds + insertSeconds;
        row.FloorText = "c + b";
        var enrollments = await host.ScopeAsync(sp => sp.GetRequiredService<TwigDb>().Enrollments.CountAsync(e => e.DistrictId == districtId && e.IsActive));
        row.Extra["enrollments"] = enrollments;
        row.Extra["classes"] = shape.Classes;
        row.Extra["read_seconds"] = Math.Round(readSeconds, 2);
        row.Extra["plan_seconds"] = Math.Round(planSeconds, 2);
        row.Extra["cpu_seconds"] = Math.Round(runCpu, 2);
        row.Extra["floor_cpu_seconds"] = Math.Round(parseCpu + insertCpu, 2);
        row.Extra["cpu_ratio"] = parseCpu + insertCpu > 0 ? Math.Round(runCpu / (parseCpu + insertCpu), 2) : null;
        Console.WriteLine($"  {row.Scenario}: {runCpu:F2} s of CPU against {parseCpu + insertCpu:F2} s for its floor (c + b)");
    }

    /// <summary>Floor (c): every file of the package inflated and read through Sylvan, every field, nothing kept.</summary>
    private static int ParseFloor(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
        var count = 0;
        long length = 0;
        foreach (var entry in archive.Entries)
        {
            using var text = new StreamReader(entry.Open(), new UTF8Encoding(false));
            using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', Quote = '"', BufferSize = 1 << 16 });
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++) length += reader.GetString(i).Length;
                count++;
            }
        }
        GC.KeepAlive(length);
        return count;
    }
}
