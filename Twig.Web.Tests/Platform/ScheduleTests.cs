using Coravel.Events.Interfaces;
using Coravel.Invocable;
using Coravel.Scheduling.Schedule;
using Coravel.Scheduling.Schedule.Mutex;
using Twig.Web.Data;
using Twig.Web.Infrastructure.Scheduling;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

/// <summary>
/// Every recurring job goes through <see cref="TwigSchedules"/>, and its one error handler (Coravel keeps only one)
/// says which job failed.
/// </summary>
public sealed class ScheduleTests(SliceFixture fixture) : SliceTest(fixture)
{
    private TwigFactory? _factory;
    private string? _database;

    [Fact]
    public void Every_invocable_in_the_app_is_scheduled_once_through_the_one_schedule_and_resolvable()
    {
        var invocables = typeof(TwigSchedule).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IInvocable).IsAssignableFrom(t))
            .Select(t => t.FullName!).Order().ToList();

        var scheduled = TwigSchedules.Schedule(NewScheduler(Fixture.Services), Fixture.Services).Jobs;

        Assert.NotEmpty(invocables);
        Assert.Equal(invocables, scheduled.Select(t => t.FullName!).Order().ToList());
        // The job's name is its overlap lock and its name in the error log: two jobs may not share one.
        Assert.Equal(scheduled.Count, scheduled.Select(TwigSchedule.NameOf).Distinct().Count());
        using var scope = Fixture.Services.CreateScope();
        Assert.All(scheduled, job => Assert.NotNull(scope.ServiceProvider.GetRequiredService(job)));
    }

    [Fact]
    public void Only_the_one_schedule_calls_coravel_to_schedule_or_handle_errors()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Twig.Web", "Program.cs"))) root = root.Parent;
        Assert.NotNull(root);
        var web = Path.Combine(root.FullName, "Twig.Web");
        var callers = Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("UseScheduler(", StringComparison.Ordinal) || text.Contains(".OnError(", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(web, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();

        Assert.Equal(["Infrastructure/Scheduling/TwigSchedules.cs"], callers);
    }

    [Fact]
    public async Task A_failing_job_of_each_of_two_features_is_logged_under_its_own_name()
    {
        var logs = new LogCapture();
        _database = TwigProcess.TempDatabasePath();
        _factory = new TwigFactory(_database) { Logs = logs };
        _factory.StartServer();
        // The session sweep (Login) and the preview sweep (UsersCsvImport) each lose their table.
        await using (var connection = await TestDatabase.OpenAsync(_database))
        {
            foreach (var table in new[] { "SignInSessions", "CsvImportFiles" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = TestDatabase.Provider == DatabaseProvider.Sqlite
                    ? $"ALTER TABLE \"{table}\" RENAME TO \"{table}Moved\""
                    : $"EXEC sp_rename '{table}', '{table}Moved'";
                await command.ExecuteNonQueryAsync();
            }
        }
        var services = _factory.Services;
        var scheduler = NewScheduler(services);
        TwigSchedules.Schedule(scheduler, services);
        scheduler.OnError(exception => TwigSchedules.LogFailure(services, exception));

        // 05:00 UTC: both sweeps are due (hourly, every five minutes); retention, the nightly sync and the digest are not.
        await scheduler.RunAtAsync(new DateTime(2027, 1, 5, 5, 0, 0, DateTimeKind.Utc));

        var failures = logs.Lines.Where(l => l.StartsWith("Error ", StringComparison.Ordinal)).ToList();
        var sessions = Assert.Single(failures, l => l.Contains("Scheduled job SessionSweep failed", StringComparison.Ordinal));
        Assert.Contains("SignInSessions", sessions, StringComparison.Ordinal);
        Assert.DoesNotContain("CsvImportFiles", sessions, StringComparison.Ordinal);
        var previews = Assert.Single(failures, l => l.Contains("Scheduled job ImportMaintenance failed", StringComparison.Ordinal));
        Assert.Contains("CsvImportFiles", previews, StringComparison.Ordinal);
        Assert.DoesNotContain("SignInSessions", previews, StringComparison.Ordinal);
        Assert.DoesNotContain(failures, l => l.Contains("A scheduled job failed", StringComparison.Ordinal));
    }

    private static Scheduler NewScheduler(IServiceProvider services) =>
        new(new InMemoryMutex(), services.GetRequiredService<IServiceScopeFactory>(), new NoEvents());

    public override async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) TwigProcess.DeleteDatabase(_database);
        await base.DisposeAsync();
    }

    private sealed class NoEvents : IDispatcher
    {
        public Task Broadcast<TEvent>(TEvent toBroadcast) where TEvent : IEvent => Task.CompletedTask;
    }
}
