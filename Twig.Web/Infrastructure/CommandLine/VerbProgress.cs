using Spectre.Console;

namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>
/// A long command's progress: a live bar (Spectre.Console) when the output is a terminal, plain lines when it is
/// redirected, so logs, scripts and tests read one line per step instead of a repainted screen.
/// The verb stops it before printing its own results (the live bar owns the terminal while it runs).
/// </summary>
public abstract class VerbProgress : IAsyncDisposable
{
    public static VerbProgress Start(TextWriter output, string step)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        VerbProgress progress = terminal ? new LiveBar(step) : new PlainLines(output);
        progress.Step(step);
        return progress;
    }

    /// <summary>Moves on to a step whose length is not known.</summary>
    public void Step(string step) => Report(step, done: 0, total: 0);

    /// <summary>How far the current step is; a new step name starts a new line (or relabels the bar). Safe from any thread.</summary>
    public abstract void Report(string step, long done, long total);

    /// <summary>Ends the display; safe to call twice.</summary>
    public abstract Task StopAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>One line when a step starts, then at most one count line every two seconds.</summary>
    private sealed class PlainLines(TextWriter output) : VerbProgress
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
        private readonly Lock _gate = new();
        private string? _step;
        private long _done;
        private long _lastLine;

        public override void Report(string step, long done, long total)
        {
            lock (_gate)
            {
                var newStep = step != _step;
                if (!newStep && (done == _done || Environment.TickCount64 - _lastLine < Interval.TotalMilliseconds)) return;
                (_step, _done, _lastLine) = (step, done, Environment.TickCount64);
                output.WriteLine(newStep && done == 0 ? $"  {step}…" : $"  {step}: {done:N0}{(total > 0 ? $" of {total:N0}" : "")}");
            }
        }

        public override Task StopAsync() => Task.CompletedTask;
    }

    /// <summary>A Spectre.Console progress display running beside the work until <see cref="StopAsync"/>.</summary>
    private sealed class LiveBar : VerbProgress
    {
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _display;
        private ProgressTask? _bar;
        private (string Step, long Done, long Total) _latest;

        public LiveBar(string step)
        {
            // Set before the display starts: Spectre refuses a task without a description.
            _latest = (step, 0, 0);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            _display = console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask(Markup.Escape(step));
                    lock (_gate)
                    {
                        _bar = bar;
                        Apply(bar, _latest);
                    }
                    await _finished.Task;
                    bar.StopTask();
                });
        }

        public override void Report(string step, long done, long total)
        {
            lock (_gate)
            {
                _latest = (step, done, total);
                if (_bar is not null) Apply(_bar, _latest);
            }
        }

        public override async Task StopAsync()
        {
            _finished.TrySetResult();
            await _display;
        }

        private static void Apply(ProgressTask bar, (string Step, long Done, long Total) latest)
        {
            bar.Description = Markup.Escape(latest.Step);
            bar.IsIndeterminate = latest.Total <= 0;
            bar.MaxValue = Math.Max(latest.Total, 1);
            bar.Value = Math.Min(latest.Done, bar.MaxValue);
        }
    }
}
