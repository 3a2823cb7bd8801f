using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sylvan.Data.Csv;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;

namespace Twig.Bench;

/// <summary>
/// csv-100k and csv-100k-1pct: a 100,000-row users.csv through the owner's three steps (upload = validate,
/// preview page, confirm = apply) by their mediator messages, then the same file again with 1 % of rows changed.
/// </summary>
internal static class CsvScenarios
{
    public const int Schools = 100;

    public static async Task RunAsync(TwigHost host, int rows, string workDirectory, Results results)
    {
        await WarmUpAsync(host);
        var districtId = await CreateDistrictAsync(host, rows);

        var file = Generate(rows, changed: false);
        Console.WriteLine($"[csv] users.csv: {rows:N0} rows, {file.Length / 1048576.0:F1} MB, no passwords");

        var parseCpu = Cpu.Seconds();
        var parsed = await Measure.TimeAsync(() => Task.FromResult(ParseFloor(file)));
        parseCpu = Cpu.Seconds() - parseCpu;
        results.Floor("csv (c) parse", parsed.Seconds, $"{parsed.Result:N0} rows, every field read as a string with Sylvan");

        var firstCpu = Cpu.Seconds();
        var first = await Measure.TimeAsync(() => ImportAsync(host, districtId, file));
        firstCpu = Cpu.Seconds() - firstCpu;
        var firstRow = results.Add($"csv-{rows / 1000}k", first.Seconds, first.PeakMb, first.Result.Describe());
        firstRow.CheckpointAfter(await host.FoldLogAsync());
        var d = districtId.ToString(CultureInfo.InvariantCulture);
        var (insertSeconds, insertCpu, insertRows) = InsertFloor.Time(host.DatabasePath, workDirectory,
        [
            new("Schools", $"\"DistrictId\"={d}"),
            new("People", $"\"DistrictId\"={d}"),
            new("PersonSchools", $"\"PersonId\" IN (SELECT \"Id\" FROM src.\"People\" WHERE \"DistrictId\"={d})"),
        ]);
        results.Floor("csv (b) insert", insertSeconds, $"{insertRows:N0} rows (schools, people, school links)");
        firstRow.FloorSeconds = parsed.Seconds + insertSeconds;
        firstRow.FloorText = "c + b";
        AddCpu(firstRow, firstCpu, parseCpu + insertCpu);

        var changedFile = Generate(rows, changed: true);
        var secondCpu = Cpu.Seconds();
        var second = await Measure.TimeAsync(() => ImportAsync(host, districtId, changedFile));
        secondCpu = Cpu.Seconds() - secondCpu;
        var secondRow = results.Add($"csv-{rows / 1000}k-1pct", second.Seconds, second.PeakMb, second.Result.Describe());
        secondRow.CheckpointAfter(await host.FoldLogAsync());
        var written = second.Result.Written;
        // The rows it writes: the created, updated and archived people with their school links.
        var (changedSeconds, changedCpu, changedRows) = InsertFloor.Time(host.DatabasePath, workDirectory,
        [
            new("People", $"\"Id\" IN (SELECT \"Id\" FROM src.\"People\" WHERE \"DistrictId\"={d} ORDER BY \"Id\" LIMIT {written})"),
            new("PersonSchools", $"\"PersonId\" IN (SELECT \"Id\" FROM src.\"People\" WHERE \"DistrictId\"={d} ORDER BY \"Id\" LIMIT {written})"),
        ]);
        results.Floor("csv-1pct (b) insert", changedSeconds, $"{changedRows:N0} rows ({written:N0} people written and their links)");
        secondRow.FloorSeconds = parsed.Seconds + changedSeconds;
        secondRow.FloorText = "c + b";
        AddCpu(secondRow, secondCpu, parseCpu + changedCpu);
        var read = ReadFloor.Time(host.DatabasePath, districtId);
        results.Floor("csv-1pct (r) read the district", read, $"the district's {rows:N0} CSV people, compactly, as each of the three steps reads them");
        var rechecked = parsed.Seconds + 3 * read + changedSeconds;
        secondRow.Extra["read_floor_s"] = Math.Round(read, 3);
        secondRow.Extra["ratio_to_parse_reads_write"] = Math.Round(second.Seconds / rechecked, 2);
        Console.WriteLine($"  {secondRow.Scenario}: {second.Seconds / rechecked:F2} × c + 3 r + b ({rechecked:F2} s)");

        var hash = PasswordCost(host);
        results.Floor("csv password hash (not in file)", hash, "one PBKDF2 hash at the configured iterations; each password row adds this");
    }

    /// <summary>
    /// As the sync scenarios do, a small district first (2,000 rows, then the same 1 % change): the first users.csv of a process
    /// also pays for compiling the import's code, which a running Twig has done long before a district's big upload.
    /// </summary>
    private static async Task WarmUpAsync(TwigHost host)
    {
        var districtId = await CreateDistrictAsync(host, 2_000);
        var timer = Stopwatch.StartNew();
        await ImportAsync(host, districtId, Generate(2_000, changed: false));
        var first = timer.Elapsed.TotalSeconds;
        await ImportAsync(host, districtId, Generate(2_000, changed: true));
        Console.WriteLine($"[csv] warm-up district (2,000 rows, untimed): first import {first:F2} s, 1 % change {timer.Elapsed.TotalSeconds - first:F2} s");
    }

    /// <summary>A district with an active subscription of twice <paramref name="rows"/> seats, for users.csv uploads.</summary>
    public static Task<int> CreateDistrictAsync(TwigHost host, int rows) => host.ScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<TwigDb>();
        var district = new District
        {
            Name = "Bench CSV", Slug = $"bench-csv-{Guid.NewGuid():N}"[..20], CreatedAt = DateTime.UtcNow,
            Subscription = new Subscription { Status = SubscriptionStatus.Active, LicensedStudentSeats = rows * 2, StartsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1) },
        };
        db.Districts.Add(district);
        await db.SaveChangesAsync();
        return district.Id;
    });

    /// <summary>The scenario's and its floor's CPU seconds (this process), and their ratio, on the JSON line.</summary>
    private static void AddCpu(Measurement row, double cpu, double floorCpu)
    {
        row.Extra["cpu_seconds"] = Math.Round(cpu, 2);
        row.Extra["floor_cpu_seconds"] = Math.Round(floorCpu, 2);
        row.Extra["cpu_ratio"] = floorCpu > 0 ? Math.Round(cpu / floorCpu, 2) : null;
        Console.WriteLine($"  {row.Scenario}: {cpu:F2} s of CPU against {floorCpu:F2} s for its floor (c + b)");
    }

    public sealed record ImportOutcome(string Message, int Created, int Updated, int Archived, int Unchanged)
    {
        public string Steps { get; init; } = "";
        public int Written => Created + Updated + Archived;
        public string Describe() => $"{Steps}; +{Created:N0}/~{Updated:N0}/−{Archived:N0}/={Unchanged:N0}";
    }

    public static async Task<ImportOutcome> ImportAsync(TwigHost host, int districtId, byte[] file)
    {
        var timer = Stopwatch.StartNew();
        var cpu = Cpu.Seconds();
        var upload = (await host.SendAsync(new Upload.Command(districtId, "users.csv", file)))!;
        var uploaded = timer.Elapsed.TotalSeconds;
        var uploadCpu = Cpu.Seconds();
        if (upload.Status != CsvImportStatus.Previewed) throw new InvalidOperationException($"Upload ended {upload.Status}: {upload.Message}");
        var preview = (await host.SendAsync(new Review.Query(districtId, upload.ImportId, 1)))!;
        if (preview.Preview is null) throw new InvalidOperationException("No preview.");
        var previewed = timer.Elapsed.TotalSeconds;
        var previewCpu = Cpu.Seconds();
        int? archive = preview.Preview.NeedsArchiveConfirmation ? preview.Preview.ArchiveCount : null;
        var applied = (await host.SendAsync(new Review.Command(districtId, upload.ImportId, archive)))!;
        if (applied.Outcome != Review.ApplyOutcome.Applied || applied.Counts is not { } c) throw new InvalidOperationException($"Apply ended {applied.Outcome}: {applied.Message}");
        return new ImportOutcome(applied.Message, c.Created, c.Updated + c.Reactivated, c.Archived, c.Unchanged)
        {
            // Each step's wall-clock seconds, then its CPU seconds (this process), which the machine's load stretches far less.
            Steps = $"upload {uploaded:F1}s, preview {previewed - uploaded:F1}s, apply {timer.Elapsed.TotalSeconds - previewed:F1}s " +
                $"(CPU {uploadCpu - cpu:F2}/{previewCpu - uploadCpu:F2}/{Cpu.Seconds() - previewCpu:F2} s)",
        };
    }

    /// <summary>
    /// 94 % students, 5 % teachers, 1 % administrators; every row has a username and an e-mail address and one or
    /// two of 100 schools; no passwords. The changed file renames 0.4 % of rows, drops 0.3 % and adds 0.3 % new ones.
    /// </summary>
    public static byte[] Generate(int rows, bool changed)
    {
        var text = new StringBuilder(rows * 110);
        text.Append("user_id,first_name,last_name,username,password,role,email,school_names\r\n");
        var everyRenamed = 250; // 0.4 %
        var everyDropped = 333; // 0.3 %
        for (var i = 0; i < rows; i++)
        {
            if (changed && i % everyDropped == 7) continue;
            Row(text, i, renamed: changed && i % everyRenamed == 3);
        }
        if (changed)
            for (var i = rows; i < rows + rows * 3 / 1000; i++) Row(text, i, renamed: false);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Row(StringBuilder text, int i, bool renamed)
    {
        var role = (i % 100) switch { 0 => "administrator", < 6 => "teacher", _ => "student" };
        var prefix = role switch { "student" => "S", "teacher" => "T", _ => "A" };
        var school = i % Schools;
        var schools = role == "student" ? $"School {school:D3}" : $"School {school:D3};School {(school + 1) % Schools:D3}";
        text.Append(CultureInfo.InvariantCulture, $"{prefix}-{i:D7},{First[i % First.Length]},{Last[(i / 7) % Last.Length]}{(renamed ? "-Changed" : "")},user{i:D7},,{role},user{i:D7}@bench.example.org,{schools}\r\n");
    }

    private static readonly string[] First = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Niklaus", "Radia", "Tim"];
    private static readonly string[] Last = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton", "Wirth", "Perlman", "Berners-Lee", "O'Neil", "García", "Nguyễn"];

    /// <summary>Floor (c): the file through Sylvan with the same options Twig uses, every field read, nothing kept.</summary>
    private static int ParseFloor(byte[] file)
    {
        using var text = new StreamReader(new MemoryStream(file, writable: false), new UTF8Encoding(false));
        using var reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', Quote = '"', BufferSize = 1 << 16 });
        var count = 0;
        long length = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++) length += reader.GetString(i).Length;
            count++;
        }
        GC.KeepAlive(length);
        return count;
    }

    private static double PasswordCost(TwigHost host)
    {
        var hasher = host.Services.GetRequiredService<IPasswordHasher<Person>>();
        var person = new Person();
        hasher.HashPassword(person, "warm-up-password");
        var timer = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++) hasher.HashPassword(person, $"bench-password-{i}");
        return timer.Elapsed.TotalSeconds / 5;
    }
}
